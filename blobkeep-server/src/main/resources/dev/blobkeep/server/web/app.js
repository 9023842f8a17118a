// blobkeep web page: browse buckets, upload (picker, drag and drop), download, preview, delete.
// Plain browser JavaScript, no build step; every request carries the token from sessionStorage.
"use strict";

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
// cursors[i] is the cursor that starts page i (null for the first); next is the one after it.
const state = { bucket: null, prefix: "", cursors: [null], page: 0, next: null };
const TOKEN_KEY = "blobkeep.token";

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

function authHeaders() {
  const t = token();
  return t ? { Authorization: "Bearer " + t } : {};
}

function keyPath(bucket, key) {
  return "/b/" + encodeURIComponent(bucket) + "/" + key.split("/").map(encodeURIComponent).join("/");
}

function show(text, ok) {
  const m = $("message");
  m.textContent = text;
  m.className = ok ? "ok" : "";
  m.hidden = !text;
}

/** Thrown when the server wants a (valid) token: the page shows its sign-in prompt instead. */
class SignInNeeded extends Error {}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...authHeaders(), ...(options.headers || {}) } });
  if (response.status === 401) {
    signIn(token() ? "That token was not accepted. Check it and try again." : "");
    throw new SignInNeeded("sign in first");
  }
  if (!response.ok) {
    let text = response.status + " " + response.statusText;
    try {
      const body = await response.json();
      if (body.error) text = body.error + " (" + response.status + ")";
    } catch (e) { /* not JSON */ }
    throw new Error(text);
  }
  return response;
}

/** Errors the page reports; a needed sign-in is shown by the sign-in prompt, not as an error. */
function report(e) {
  if (!(e instanceof SignInNeeded)) show(e.message);
}

/** Shows the sign-in prompt in place of the buckets, with {@code error} if a token failed. */
function signIn(error) {
  $("signin").hidden = false;
  document.querySelector("main").hidden = true;
  $("account").hidden = true;
  const err = $("signin-error");
  err.textContent = error;
  err.hidden = !error;
  show("");
  $("token").focus();
}

/** Shows the buckets; the account bar (sign out) only when the server asked for a token. */
function signedIn() {
  $("signin").hidden = true;
  document.querySelector("main").hidden = false;
  $("account").hidden = !token();
}

function displayName(item) {
  const filename = item.meta && typeof item.meta.filename === "string" ? item.meta.filename : "";
  return filename || item.key || item.id;
}

function formatSize(n) {
  if (n < 1024) return n + " B";
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n, i = -1;
  do { v /= 1024; i++; } while (v >= 1024 && i < units.length - 1);
  return v.toFixed(v < 10 ? 1 : 0) + " " + units[i];
}

function formatDate(iso) {
  const d = new Date(iso);
  return d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) + " " +
    d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

async function loadBuckets() {
  const list = $("buckets");
  list.replaceChildren();
  try {
    const body = await (await api("/b")).json();
    signedIn();
    const names = new Set(body.buckets);
    if (state.bucket) names.add(state.bucket);
    for (const name of [...names].sort()) {
      const a = document.createElement("a");
      a.href = "#" + encodeURIComponent(name);
      a.textContent = name;
      a.dataset.bucket = name;
      if (name === state.bucket) a.className = "current";
      const li = document.createElement("li");
      li.append(a);
      list.append(li);
    }
    if (names.size === 0) {
      const li = document.createElement("li");
      li.textContent = "No buckets yet";
      li.style.color = "var(--muted)";
      list.append(li);
    }
  } catch (e) {
    report(e);
  }
}

async function openBucket(name) {
  if (name !== state.bucket) closePreview();
  state.bucket = name;
  state.cursors = [null];
  state.page = 0;
  $("bucket-title").textContent = name;
  $("drop").classList.remove("disabled");
  document.querySelectorAll("#buckets a").forEach((a) => a.classList.toggle("current", a.dataset.bucket === name));
  await loadPage();
}

/** Loads page {@code state.page} of the open bucket in place of the table's rows. */
async function loadPage() {
  if (!state.bucket) return;
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state.prefix) params.set("prefix", state.prefix);
  const cursor = state.cursors[state.page];
  if (cursor) params.set("cursor", cursor);
  try {
    const body = await (await api("/b/" + encodeURIComponent(state.bucket) + "?" + params)).json();
    const tbody = $("blobs").querySelector("tbody");
    tbody.replaceChildren(...body.items.map(row));
    state.next = body.next_cursor;
    const first = state.page * PAGE_SIZE;
    $("pager").hidden = state.page === 0 && !state.next;
    $("prev").disabled = state.page === 0;
    $("next").disabled = !state.next;
    $("page-label").textContent =
      "Page " + (state.page + 1) + " · " + (first + 1) + "–" + (first + body.items.length);
    $("empty").hidden = tbody.children.length > 0 || state.page > 0;
    show("");
  } catch (e) {
    report(e);
  }
}

function nextPage() {
  if (!state.next) return;
  state.cursors[state.page + 1] = state.next;
  state.page++;
  loadPage();
}

function previousPage() {
  if (state.page === 0) return;
  state.page--;
  loadPage();
}

function row(item) {
  const tr = document.createElement("tr");
  tr.dataset.id = item.id;
  const name = displayName(item);
  const cells = [
    ["name", name],
    ["num", formatSize(item.size)],
    ["type", item.content_type],
    ["date", formatDate(item.updated)],
  ];
  for (const [cls, text] of cells) {
    const td = document.createElement("td");
    td.className = cls;
    if (cls === "type") {
      const span = document.createElement("span"); // one line, cut with an ellipsis
      span.textContent = text;
      td.append(span);
    } else {
      td.textContent = text;
    }
    td.title = text;
    tr.append(td);
  }
  if (name !== (item.key || item.id)) {
    // An upload from a form: stored under a key the server made; show that key too.
    const key = document.createElement("div");
    key.className = "key";
    key.textContent = item.key || item.id;
    tr.firstChild.append(key);
  }
  const actions = document.createElement("td");
  actions.className = "actions";
  const button = (label, cls, fn) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.className = cls;
    b.addEventListener("click", fn);
    actions.append(b);
  };
  const image = (item.content_type || "").startsWith("image/");
  button(image ? "Preview" : "Details", "quiet", () => preview(item));
  button("Download", "quiet download", () => download(item));
  button("Delete", "danger", () => remove(item, tr));
  tr.append(actions);
  return tr;
}

async function fetchBlob(item) {
  return (await api("/id/" + item.id)).blob();
}

async function download(item) {
  try {
    const blob = await fetchBlob(item);
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = displayName(item).split("/").pop();
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    report(e);
  }
}

/** The side panel: the blob's fields and user fields, and the picture of an image. */
async function preview(item) {
  try {
    const img = $("preview-img");
    if (img.src) URL.revokeObjectURL(img.src);
    img.removeAttribute("src");
    img.hidden = true;
    if ((item.content_type || "").startsWith("image/")) {
      img.src = URL.createObjectURL(await fetchBlob(item));
      img.alt = displayName(item);
      img.hidden = false;
    }
    $("preview-title").textContent = displayName(item);
    const fields = [
      ["key", item.key],
      ["size", formatSize(item.size)],
      ["type", item.content_type],
      ["updated", formatDate(item.updated)],
      ["sha256", item.sha256],
    ];
    for (const [name, value] of Object.entries(item.meta || {})) {
      fields.push([name, typeof value === "string" ? value : JSON.stringify(value)]);
    }
    const dl = $("preview-fields");
    dl.replaceChildren();
    for (const [name, value] of fields) {
      if (value === null || value === undefined) continue;
      const dt = document.createElement("dt");
      dt.textContent = name;
      const dd = document.createElement("dd");
      dd.textContent = value;
      dl.append(dt, dd);
    }
    $("preview").hidden = false;
    document.querySelector("main").classList.add("previewing");
  } catch (e) {
    report(e);
  }
}

function closePreview() {
  const img = $("preview-img");
  if (img.src) URL.revokeObjectURL(img.src);
  img.removeAttribute("src");
  $("preview").hidden = true;
  document.querySelector("main").classList.remove("previewing");
}

async function remove(item, tr) {
  if (!confirm("Delete " + displayName(item) + "?")) return;
  try {
    await api("/id/" + item.id, { method: "DELETE" });
    tr.remove();
    $("empty").hidden = $("blobs").querySelector("tbody").children.length > 0;
    show("Deleted " + displayName(item), true);
  } catch (e) {
    report(e);
  }
}

function upload(file) {
  const li = document.createElement("li");
  const label = document.createElement("span");
  label.textContent = file.name;
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  const pct = document.createElement("span");
  pct.className = "pct";
  pct.textContent = "0%";
  li.append(label, bar, pct);
  $("uploads").append(li);

  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", keyPath(state.bucket, file.name));
    const t = token();
    if (t) xhr.setRequestHeader("Authorization", "Bearer " + t);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) {
        bar.value = Math.round((e.loaded / e.total) * 100);
        pct.textContent = bar.value + "%";
      }
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        bar.value = 100;
        pct.textContent = "done";
        setTimeout(() => li.remove(), 4000);
      } else if (xhr.status === 401) {
        li.remove();
        signIn("That token was not accepted. Check it and try again.");
      } else {
        li.className = "failed";
        let text = xhr.status + "";
        try { text = JSON.parse(xhr.responseText).error; } catch (e) { /* keep status */ }
        pct.textContent = "failed";
        show(file.name + ": " + text);
      }
      resolve();
    });
    xhr.addEventListener("error", () => {
      li.className = "failed";
      pct.textContent = "failed";
      show(file.name + ": the connection failed");
      resolve();
    });
    xhr.send(file);
  });
}

async function uploadAll(files) {
  if (!state.bucket) {
    show("Open a bucket first.");
    return;
  }
  for (const file of files) await upload(file);
  await loadPage();
  await loadBuckets();
}

function wire() {
  $("token-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = $("token").value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $("token").value = "";
    await loadBuckets();
    if ($("signin").hidden) route();
  });
  $("token-clear").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    closePreview();
    signIn("");
  });
  $("bucket-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const name = $("bucket-name").value.trim();
    if (name) location.hash = encodeURIComponent(name);
  });
  $("filter-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.prefix = $("prefix").value;
    if (state.bucket) openBucket(state.bucket);
  });
  $("refresh").addEventListener("click", () => {
    loadBuckets();
    if (state.bucket) openBucket(state.bucket);
  });
  $("next").addEventListener("click", nextPage);
  $("prev").addEventListener("click", previousPage);
  $("preview-close").addEventListener("click", closePreview);
  $("file-input").addEventListener("change", (e) => {
    uploadAll([...e.target.files]);
    e.target.value = "";
  });
  const drop = $("drop");
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove("over"); });
  }
  drop.addEventListener("drop", (e) => uploadAll([...e.dataTransfer.files]));
  window.addEventListener("hashchange", route);
  drop.classList.add("disabled");
}

function route() {
  const name = decodeURIComponent(location.hash.slice(1));
  if (name) openBucket(name).then(loadBuckets);
}

async function start() {
  wire();
  await loadBuckets(); // signs in first if the server wants a token
  if (!$("signin").hidden) return;
  route();
}

start();
