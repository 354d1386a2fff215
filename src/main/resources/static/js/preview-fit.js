// The editor's issue page (templates/web/editor/issue.ftlh). A file, not an inline script: the
// Content-Security-Policy allows scripts from this origin only.
// Size each preview to its content so the whole mail shows without a scrollbar of its own.
for (const f of document.querySelectorAll('.previews iframe')) {
  const fit = () => { try { f.style.height = (f.contentDocument.documentElement.scrollHeight + 16) + 'px'; } catch (e) {} };
  f.addEventListener('load', fit);
  fit();
}
