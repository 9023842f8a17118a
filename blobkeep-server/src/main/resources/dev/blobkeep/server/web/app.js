// blobkeep web page: browse buckets, upload (picker, drag and drop), download, preview, delete.
// Plain browser JavaScript, no build step; every request carries the token from sessionStorage.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { bucket: null, cursor: null, prefix: "" };
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

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...authHeaders(), ...(options.headers || {}) } });
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
    show(e.message);
  }
}

async function openBucket(name) {
  state.bucket = name;
  state.cursor = null;
  $("bucket-title").textContent = name;
  $("drop").classList.remove("disabled");
  $("blobs").querySelector("tbody").replaceChildren();
  document.querySelectorAll("#buckets a").forEach((a) => a.classList.toggle("current", a.dataset.bucket === name));
  await loadPage();
}

async function loadPage() {
  if (!state.bucket) return;
  const params = new URLSearchParams({ limit: "100" });
  if (state.prefix) params.set("prefix", state.prefix);
  if (state.cursor) params.set("cursor", state.cursor);
  try {
    const body = await (await api("/b/" + encodeURIComponent(state.bucket) + "?" + params)).json();
    const tbody = $("blobs").querySelector("tbody");
    for (const item of body.items) tbody.append(row(item));
    state.cursor = body.nextCursor;
    $("more").hidden = !body.nextCursor;
    $("empty").hidden = tbody.children.length > 0;
    show("");
  } catch (e) {
    show(e.message);
  }
}

function row(item) {
  const tr = document.createElement("tr");
  tr.dataset.id = item.id;
  const name = item.key || item.id;
  const cells = [
    ["name", name],
    ["num", formatSize(item.size)],
    ["type", item.contentType],
    ["date", formatDate(item.updated)],
  ];
  for (const [cls, text] of cells) {
    const td = document.createElement("td");
    td.className = cls;
    td.textContent = text;
    tr.append(td);
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
  if ((item.contentType || "").startsWith("image/")) button("Preview", "quiet", () => preview(item));
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
    a.download = (item.key || item.id).split("/").pop();
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    show(e.message);
  }
}

async function preview(item) {
  try {
    const blob = await fetchBlob(item);
    const img = $("preview-img");
    if (img.src) URL.revokeObjectURL(img.src);
    img.src = URL.createObjectURL(blob);
    img.alt = item.key || item.id;
    $("preview-title").textContent = item.key || item.id;
    $("preview").hidden = false;
    document.querySelector("main").classList.add("previewing");
  } catch (e) {
    show(e.message);
  }
}

async function remove(item, tr) {
  if (!confirm("Delete " + (item.key || item.id) + "?")) return;
  try {
    await api("/id/" + item.id, { method: "DELETE" });
    tr.remove();
    $("empty").hidden = $("blobs").querySelector("tbody").children.length > 0;
    show("Deleted " + (item.key || item.id), true);
  } catch (e) {
    show(e.message);
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
  state.cursor = null;
  $("blobs").querySelector("tbody").replaceChildren();
  await loadPage();
  await loadBuckets();
}

function wire() {
  $("token").value = token();
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    show("Token saved for this tab.", true);
    loadBuckets();
    if (state.bucket) openBucket(state.bucket);
  });
  $("token-clear").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $("token").value = "";
    show("Token forgotten.", true);
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
  $("more").addEventListener("click", loadPage);
  $("preview-close").addEventListener("click", () => {
    $("preview").hidden = true;
    document.querySelector("main").classList.remove("previewing");
  });
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

wire();
loadBuckets();
route();
