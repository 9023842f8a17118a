package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}),
 * driven by Selenium: upload through the file picker and by drag and drop, see the files listed,
 * preview an image, download and compare the bytes. Leaves a screenshot in {@code target/page.png}.
 * Without Chromium the test is skipped, except under {@code CI=true}.
 */
class BrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;
  BlobStore store;
  BlobServer server;
  ChromeDriver driver;
  Path downloads;

  @BeforeEach
  void start() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "Chromium is missing: .ci/run installs chromium and chromium-driver");
    }
    Assumptions.assumeTrue(
        present,
        "skipped: no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    store =
        BlobStore.open(dir.resolve("page.db").toString(), StoreOptions.defaults().durable(false));
    downloads = Files.createDirectories(dir.resolve("downloads"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1360,900",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")));
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toString(),
            "download.prompt_for_download", false,
            "safebrowsing.enabled", false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** Serves the store with the admin token, or without tokens. */
  private void serve(boolean auth) {
    BlobServer.Builder builder = BlobServer.builder().store(store).port(0);
    server = (auth ? builder.token(ServerTest.ADMIN + ":rw:*") : builder.noAuth(true)).build();
    server.start();
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  private void open(String hash) {
    driver.get("http://127.0.0.1:" + server.port() + "/" + hash);
  }

  private void signIn(String token) {
    WebElement box = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    box.sendKeys(token);
    driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
  }

  /** Saves a screenshot as {@code target/NAME.png}, to be looked at. */
  private void screenshot(String name) throws IOException {
    Path shot = Path.of("target", name + ".png");
    Files.createDirectories(shot.getParent());
    Files.copy(
        driver.getScreenshotAs(OutputType.FILE).toPath(),
        shot,
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(shot)).isGreaterThan(5_000);
  }

  private boolean shown(String id) {
    return driver.findElement(By.id(id)).isDisplayed();
  }

  @Test
  void beforeATokenThePageAsksToSignInInsteadOfShowingTheApiError() throws Exception {
    serve(true);
    open("#photos");

    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
    String page = driver.findElement(By.tagName("body")).getText();
    assertThat(page).contains("Sign in").doesNotContain("authentication required", "401");
    assertThat(shown("account")).isFalse();
    assertThat(driver.findElement(By.tagName("main")).isDisplayed()).isFalse();
    screenshot("page-signin");

    signIn("not-the-token");
    waiting()
        .until(
            ExpectedConditions.textToBe(
                By.id("signin-error"),
                "That token was not accepted." + " Check it and try again."));
    screenshot("page-signin-refused");

    signIn(ServerTest.ADMIN);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("account")));
    assertThat(shown("signin")).isFalse();
    assertThat(driver.findElement(By.id("bucket-title")).getText()).isEqualTo("photos");
  }

  @Test
  void withoutAuthThereIsNoTokenBox() throws Exception {
    store.put(new byte[] {1}, PutOptions.at("docs", "a.txt"));
    serve(false);
    open("#docs");

    waiting().until(ExpectedConditions.presenceOfElementLocated(rowNamed("a.txt")));
    assertThat(shown("signin")).isFalse();
    assertThat(shown("account")).isFalse();
    assertThat(driver.findElements(By.cssSelector("#token")))
        .allSatisfy(e -> assertThat(e.isDisplayed()).isFalse());
    screenshot("page-no-auth");
  }

  @Test
  void formUploadsShowTheirFileNameLongTypesStayOnOneLineAndThePreviewShowsUserFields()
      throws Exception {
    store.put(
        picture(),
        PutOptions.at("photos", "0190f1c2-7d3e-7c4a-9b1e-2f5a6c7d8e9f")
            .contentType("image/png")
            .meta(Map.of("filename", "holiday at the sea.png", "owner", "ann", "rating", 5)));
    store.put(
        new byte[] {1, 2, 3},
        PutOptions.at("photos", "report.docx")
            .contentType(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
    store.put(new byte[] {1}, PutOptions.at("docs", "other.txt"));
    serve(false);
    open("#photos");

    WebElement upload =
        waiting()
            .until(ExpectedConditions.presenceOfElementLocated(rowNamed("holiday at the sea.png")));
    WebElement report = driver.findElement(rowNamed("report.docx"));
    int oneLine = upload.findElement(By.cssSelector("td.type span")).getSize().getHeight();
    assertThat(upload.getText()).contains("0190f1c2-7d3e-7c4a-9b1e-2f5a6c7d8e9f");
    assertThat(report.findElement(By.cssSelector("td.type span")).getSize().getHeight())
        .as("a long content type stays on one line")
        .isEqualTo(oneLine);

    upload.findElement(By.xpath(".//button[text()='Preview']")).click();
    waiting()
        .until(
            d ->
                (Boolean)
                    driver.executeScript(
                        "const i = document.getElementById('preview-img');"
                            + " return i.complete && i.naturalWidth > 0;"));
    String fields = driver.findElement(By.id("preview-fields")).getText();
    assertThat(fields)
        .contains("owner", "ann", "rating", "5", "filename", "holiday at the sea.png");
    assertThat(driver.findElement(By.id("preview-title")).getText())
        .isEqualTo("holiday at the sea.png");
    screenshot("page-preview");

    driver.findElement(By.cssSelector("#buckets a[data-bucket='docs']")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(rowNamed("other.txt")));
    assertThat(shown("preview")).as("the preview closes with its bucket").isFalse();
  }

  @Test
  void aBucketOfMoreThanOnePageIsPagedThrough() throws Exception {
    int count = 120;
    store.useTransaction(
        tx -> {
          for (int i = 0; i < count; i++) {
            tx.put(new byte[] {(byte) i}, PutOptions.at("many", String.format("f%03d", i)));
          }
        });
    serve(false);
    open("#many");

    waiting().until(ExpectedConditions.presenceOfElementLocated(rowNamed("f000")));
    List<String> seen = new java.util.ArrayList<>(names());
    assertThat(driver.findElement(By.id("page-label")).getText()).isEqualTo("Page 1 · 1–50");
    screenshot("page-paged");
    driver.findElement(By.id("next")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(rowNamed("f050")));
    seen.addAll(names());
    driver.findElement(By.id("next")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(rowNamed("f100")));
    seen.addAll(names());
    assertThat(driver.findElement(By.id("next")).isEnabled()).isFalse();
    driver.findElement(By.id("prev")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(rowNamed("f099")));

    assertThat(seen).hasSize(count).doesNotHaveDuplicates().isSorted();
  }

  private List<String> names() {
    return driver.findElements(By.cssSelector("#blobs tbody td.name")).stream()
        .map(WebElement::getText)
        .toList();
  }

  @Test
  void uploadListPreviewDownloadThroughThePage() throws Exception {
    serve(true);
    WebDriverWait wait = waiting();
    open("#photos");
    signIn(ServerTest.ADMIN);

    // Upload through the file picker.
    byte[] png = picture();
    Path file = dir.resolve("sunset.png");
    Files.write(file, png);
    byte[] notes = ServerTest.bytes(300_000, 11);
    Path other = dir.resolve("notes.bin");
    Files.write(other, notes);
    WebElement picker = driver.findElement(By.id("file-input"));
    picker.sendKeys(file + "\n" + other);
    WebElement row =
        wait.until(ExpectedConditions.presenceOfElementLocated(rowNamed("sunset.png")));
    wait.until(ExpectedConditions.presenceOfElementLocated(rowNamed("notes.bin")));
    assertThat(row.getText()).contains("image/png");
    assertThat(store.getBytes(BlobRef.key("photos", "sunset.png"))).isEqualTo(png);

    // Upload by drag and drop: a drop event carrying a file, as the browser makes it.
    driver.executeScript(
        "const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
            + "const dt = new DataTransfer();"
            + "dt.items.add(new File([bytes], 'dropped.txt', {type: 'text/plain'}));"
            + "const drop = document.getElementById('drop');"
            + "drop.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
            + "drop.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        Base64.getEncoder().encodeToString("dropped in\n".getBytes()));
    wait.until(ExpectedConditions.presenceOfElementLocated(rowNamed("dropped.txt")));
    assertThat(new String(store.getBytes(BlobRef.key("photos", "dropped.txt"))))
        .isEqualTo("dropped in\n");

    // Preview the image.
    driver
        .findElement(rowNamed("sunset.png"))
        .findElement(By.xpath(".//button[text()='Preview']"))
        .click();
    wait.until(
        d ->
            (Boolean)
                driver.executeScript(
                    "const i = document.getElementById('preview-img'); return i.complete && i.naturalWidth > 0;"));

    // Download, and compare the bytes that arrive on disk.
    driver
        .findElement(rowNamed("notes.bin"))
        .findElement(By.xpath(".//button[text()='Download']"))
        .click();
    Path downloaded = downloads.resolve("notes.bin");
    wait.until(d -> Files.exists(downloaded) && sizeOf(downloaded) == notes.length);
    assertThat(Files.readAllBytes(downloaded)).isEqualTo(notes);

    List<WebElement> rows = driver.findElements(By.cssSelector("#blobs tbody tr"));
    assertThat(rows).hasSize(3);
    screenshot("page");
  }

  static By rowNamed(String name) {
    return By.xpath("//table[@id='blobs']//tr[td[@class='name' and text()='" + name + "']]");
  }

  static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /** A small PNG made here: a sunset of three bands and a sun. */
  static byte[] picture() throws IOException {
    BufferedImage img = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0xf4a259));
    g.fillRect(0, 0, 320, 120);
    g.setColor(new Color(0xf25c54));
    g.fillOval(110, 60, 100, 100);
    g.setColor(new Color(0x2b5d8a));
    g.fillRect(0, 120, 320, 80);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
