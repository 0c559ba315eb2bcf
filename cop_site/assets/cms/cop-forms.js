/* cop-site's forms: file formats that never lose a field, previews that read like the page.
 *
 * Loaded after the editor (Decap CMS or Sveltia CMS) and js-yaml, with window.COP_FORMS set by
 * the admin page: {kinds: {kind: shape}, names: {slug: name}, labels: {value: label},
 * edit_uri, styles: [url]}. The shapes are generated from the content model (cop_site/decap.py),
 * the same description the forms' widgets come from.
 *
 * Each collection's format is "cop-<kind>-frontmatter" (Sveltia accepts a .md file only in a
 * format whose name ends so). Reading a file turns its front matter into the
 * form's shapes (one value into a one-item list, a member's bare slug into {partner}); the whole
 * file as read is kept in a hidden field. Writing merges the form into that original: a field
 * whose value did not change is written exactly as it was (its form, its order), a field the form
 * does not have, or cannot show, is kept as it was, and a file nobody changed is written back
 * byte for byte. */
(function () {
  "use strict";
  var COP = window.COP_FORMS || { kinds: {}, names: {}, labels: {} };
  var CMS = window.CMS;
  var jsyaml = window.jsyaml;
  var STASH = "cop_original";
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  // A date without a time, written back unquoted as it was read (Python's YAML reads it as a
  // date again); js-yaml's own timestamps would come back with a time and a zone.
  function Day(text) { this.text = text; }
  Day.prototype.toString = function () { return this.text; };
  var dayType = new jsyaml.Type("tag:yaml.org,2002:timestamp", {
    kind: "scalar",
    resolve: function (data) { return data !== null && DAY.test(data); },
    construct: function (data) { return new Day(data); },
    instanceOf: Day,
    represent: function (day) { return day.text; },
  });
  var SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [dayType] });

  function Refusal(message) { this.message = message; }

  function isPlain(v) { return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Day); }

  function isEmpty(v) {
    if (v === undefined || v === null || v === "") return true;
    if (Array.isArray(v)) return v.every(isEmpty);
    if (isPlain(v)) return Object.keys(v).every(function (k) { return isEmpty(v[k]); });
    return false;
  }

  // A value as a comparable text: empty parts dropped, keys sorted, scalars as text (a form
  // may hand back 3 as "3", a date as a Date).
  function canon(v) {
    if (v instanceof Day) return v.text;
    if (v instanceof Date) return isNaN(v) ? "" : v.toISOString().slice(0, 10);
    if (Array.isArray(v)) return v.filter(function (x) { return !isEmpty(x); }).map(canon);
    if (isPlain(v)) {
      var out = {};
      Object.keys(v).sort().forEach(function (k) { if (!isEmpty(v[k])) out[k] = canon(v[k]); });
      return out;
    }
    return typeof v === "boolean" ? v : String(v).replace(/\r\n/g, "\n");
  }
  function same(a, b) {
    var ea = isEmpty(a), eb = isEmpty(b);
    if (ea || eb) return ea === eb;
    return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
  }

  // ---- file text ---------------------------------------------------------------------------
  function split(text) {
    var t = String(text || "");
    var first = /^---[ \t]*\r?\n/.exec(t);
    if (!first) return { fm: "", body: t, bodyStart: 0, hasFm: false };
    var re = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;
    re.lastIndex = first[0].length;
    var m;
    while ((m = re.exec(t))) {
      if (m.index >= first[0].length || m.index === first[0].length) {
        return { fm: t.slice(first[0].length, m.index), body: t.slice(m.index + m[0].length), bodyStart: m.index + m[0].length, hasFm: true };
      }
    }
    throw new Refusal("its front matter has no closing --- line");
  }

  function readFrontMatter(text) {
    var parts = split(text);
    var data;
    try {
      data = parts.fm.trim() ? jsyaml.load(parts.fm, { schema: SCHEMA }) : {};
    } catch (e) {
      throw new Refusal("its front matter is not valid YAML (" + String(e.reason || e.message) + ")");
    }
    if (data === null || data === undefined) data = {};
    if (!isPlain(data)) throw new Refusal("its front matter is not a list of 'field: value' lines");
    return { parts: parts, data: data };
  }

  // ---- file -> form ------------------------------------------------------------------------
  function toForm(value, shape, path) {
    if (value === null || value === undefined) return undefined;
    switch (shape.t) {
      case "s":
        if (Array.isArray(value) || isPlain(value)) throw new Refusal(path + " holds a list or several fields where the form has one value");
        if (value instanceof Day) return value.text;
        return value;
      case "l": {
        var items = Array.isArray(value) ? value : shape.one ? [value] : null;
        if (items === null) throw new Refusal(path + " holds one value where the form has a list");
        return items.map(function (item, i) { return toForm(item, shape.item, path + "[" + i + "]"); });
      }
      case "o": {
        if (shape.short && !isPlain(value) && !Array.isArray(value)) {
          value = objectOf(shape.short, value);
        }
        if (!isPlain(value)) throw new Refusal(path + " is not a group of fields");
        var out = {};
        Object.keys(shape.f).forEach(function (k) {
          if (value[k] === undefined || value[k] === null) return;
          // A part the form cannot show stays out of it (and is written back as it was);
          // the rest of the group is still shown.
          try {
            out[k] = toForm(value[k], shape.f[k], path ? path + "." + k : k);
          } catch (e) {
            if (!(e instanceof Refusal)) throw e;
          }
        });
        return out;
      }
      case "c": {
        // Conditions: the mapping form (no date) is shown as one undated assessment.
        if (isPlain(value)) return [{ scores: toForm(value, shape.item.f.scores, path) }];
        if (!Array.isArray(value)) throw new Refusal(path + " is neither a mapping nor a list");
        return value.map(function (item, i) { return toForm(item, shape.item, path + "[" + i + "]"); });
      }
    }
    return value;
  }
  function objectOf(key, value) { var o = {}; o[key] = value; return o; }

  // Each field the form can show, in the form's shapes; a field it cannot show stays out of the
  // form (and is written back as it was).
  function formOf(data, shape) {
    var out = {};
    var kept = [];
    Object.keys(shape.f).forEach(function (k) {
      if (data[k] === undefined || data[k] === null) {
        // A field left out means its default: the form shows it (and writing leaves it out
        // again unless it is changed).
        if (shape.f[k].d !== undefined && shape.f[k].d !== false) out[k] = shape.f[k].d;
        return;
      }
      try {
        out[k] = toForm(data[k], shape.f[k], k);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        kept.push(e.message);
      }
    });
    return { form: out, kept: kept };
  }

  // ---- form -> file ------------------------------------------------------------------------
  function shown(orig, shape) {
    try { return { ok: true, value: toForm(orig, shape, "") }; } catch (e) { if (e instanceof Refusal) return { ok: false }; throw e; }
  }

  function scalarOut(form, shape) {
    if (shape.date) {
      if (form instanceof Date && !isNaN(form)) return new Day(form.toISOString().slice(0, 10));
      var text = String(form).trim();
      if (DAY.test(text.slice(0, 10)) && (text.length === 10 || /^T/.test(text.slice(10)))) return new Day(text.slice(0, 10));
    }
    return form;
  }

  function mergeItems(origItems, formItems, shape) {
    var used = {};
    return formItems.filter(function (x) { return !isEmpty(x); }).map(function (item, i) {
      for (var j = 0; j < origItems.length; j++) {
        if (used[j]) continue;
        var s = shown(origItems[j], shape);
        if (s.ok && same(s.value, item)) { used[j] = true; return origItems[j]; }
      }
      var base = i < origItems.length && !used[i] ? origItems[i] : undefined;
      if (base !== undefined) used[i] = true;
      return merge(base, item, shape);
    });
  }

  function merge(orig, form, shape) {
    var hasOrig = orig !== undefined;
    if (hasOrig) {
      var s = shown(orig, shape);
      if (!s.ok) return orig; // the form cannot show it: kept as written
      if (same(s.value, form)) return orig;
    }
    if (isEmpty(form)) return undefined;
    switch (shape.t) {
      case "s":
        return scalarOut(form, shape);
      case "l": {
        var origItems = Array.isArray(orig) ? orig : orig === undefined || orig === null ? [] : [orig];
        var items = mergeItems(origItems, Array.isArray(form) ? form : [form], shape.item);
        // One value stays one value, as the file had it.
        if (hasOrig && orig !== null && !Array.isArray(orig) && items.length === 1) return items[0];
        return items;
      }
      case "o": {
        var src = isPlain(orig) ? orig : {};
        var out = {};
        var keys = Object.keys(src);
        Object.keys(shape.f).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
        keys.forEach(function (k) {
          var v;
          if (!(k in shape.f)) v = src[k];
          else {
            v = merge(src[k], form ? form[k] : undefined, shape.f[k]);
            // A new field at its default says nothing: leave it out, as the model does.
            if (!(k in src) && shape.f[k].d !== undefined && same(v, shape.f[k].d)) v = undefined;
          }
          if (v !== undefined) out[k] = v;
        });
        // A member with a partner only is written as the bare slug, as people write it.
        if (shape.short && !isPlain(orig) && Object.keys(out).length === 1 && out[shape.short] !== undefined) return out[shape.short];
        return out;
      }
      case "c": {
        var list = (Array.isArray(form) ? form : [form]).filter(function (x) { return !isEmpty(x); });
        var scores = shape.item.f.scores;
        if (isPlain(orig) && list.length === 1 && isEmpty(list[0].date) && isEmpty(list[0].evidence)) return merge(orig, list[0].scores, scores);
        var origItems2 = Array.isArray(orig) ? orig : isPlain(orig) ? [{ scores: orig }] : [];
        return mergeItems(origItems2, list, shape.item);
      }
    }
    return form;
  }

  function dump(data) {
    return jsyaml.dump(data, { schema: SCHEMA, lineWidth: -1, noRefs: true });
  }

  // The front matter's text cut at each top-level field ("key:" at the start of a line), so
  // that a field whose value did not change is written back as its own lines, comments and
  // style included: a change to one field is a change to its lines only. Null when the text
  // has a line this cannot place (then the whole front matter is written anew).
  function segments(fm) {
    var lines = fm.match(/[^\n]*\n|[^\n]+$/g) || [];
    var out = { head: "", keys: {} };
    var current = null;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var m = /^([A-Za-z0-9_][\w.-]*)[ \t]*:(?:[ \t]|\r?\n|$)/.exec(line);
      if (m) {
        if (out.keys[m[1]] !== undefined) return null;
        current = m[1];
        out.keys[current] = line;
      } else if (/^([ \t]|#|\r?\n|$)/.test(line) || (current && /^-( |$)/.test(line))) {
        if (current) out.keys[current] += line;
        else out.head += line;
      } else {
        return null;
      }
    }
    return out;
  }

  function frontMatterText(merged, read) {
    var segs = segments(read.parts.fm);
    if (!segs) return dump(merged);
    var text = segs.head;
    Object.keys(merged).forEach(function (k) {
      var kept = segs.keys[k];
      if (kept !== undefined && merged[k] === read.data[k]) text += /\n$/.test(kept) ? kept : kept + "\n";
      else text += dump(objectOf(k, merged[k]));
    });
    return text;
  }

  function bodyNorm(text) { return String(text || "").replace(/\r\n/g, "\n").replace(/\s+$/, ""); }

  function refuse(reason) {
    var where = COP.edit_uri ? " You can edit it on GitHub (" + COP.edit_uri + ") or in a text editor." : " Edit it in a text editor.";
    return new Error("This file cannot be opened in the form: " + reason + "." + where);
  }

  function fromFile(kind) {
    var shape = COP.kinds[kind];
    return function (text) {
      var read;
      try {
        read = readFrontMatter(text);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        // The editors list an entry whose reading failed with empty fields, and saving it would
        // write those: instead it is listed with the reason as its title, and saving it is
        // refused (toFile), so the file stays as it is.
        var shown = {};
        shown[shape.f.name ? "name" : "title"] = "Cannot open in the form: " + e.message;
        shown[STASH] = JSON.stringify({ text: String(text), refused: e.message });
        if (kind === "note" && COP.mark) shown[COP.mark] = true;
        return shown;
      }
      var f = formOf(read.data, shape);
      if (f.kept.length && window.console) console.info("cop-site: kept as written, not in the form:", f.kept);
      var out = f.form;
      // A note, not its group's index.md (which has a name and no title): the notes' filter.
      if (kind === "note" && COP.mark) out[COP.mark] = read.data.title !== undefined || read.data.name === undefined;
      out.body = read.parts.body;
      out[STASH] = JSON.stringify({ text: String(text) });
      return out;
    };
  }

  function toFile(kind) {
    var shape = COP.kinds[kind];
    return function (data) {
      var form = {};
      Object.keys(data || {}).forEach(function (k) { form[k] = data[k]; });
      var original = null;
      var stash = null;
      try { stash = form[STASH] ? JSON.parse(form[STASH]) : null; } catch (e) { stash = null; }
      if (stash && stash.refused) throw refuse(stash.refused);
      original = stash ? stash.text : null;
      delete form[STASH];
      if (COP.mark) delete form[COP.mark];
      var body = form.body === undefined || form.body === null ? "" : String(form.body);
      delete form.body;
      var read = original !== null ? readFrontMatter(original) : { parts: { fm: "", body: "", bodyStart: 0, hasFm: false }, data: {} };
      var merged = merge(read.data, form, shape);
      var fmSame = original !== null && merged === read.data;
      var bodySame = original !== null && bodyNorm(body) === bodyNorm(read.parts.body);
      if (fmSame && bodySame) return original;
      var outBody = bodySame ? read.parts.body : body.replace(/\r\n/g, "\n");
      if (outBody && !/\n$/.test(outBody)) outBody += "\n";
      if (fmSame && read.parts.hasFm) return original.slice(0, read.parts.bodyStart) + outBody;
      var yaml = isEmpty(merged) ? "" : frontMatterText(merged, read);
      return "---\n" + yaml + "---\n" + outBody;
    };
  }

  Object.keys(COP.kinds).forEach(function (kind) {
    CMS.registerCustomFormat("cop-" + kind + "-frontmatter", "md", { fromFile: fromFile(kind), toFile: toFile(kind) });
  });

  // ---- saving on this computer ---------------------------------------------------------------
  // With decap-server (the editor opened from this computer), a save writes the file into the
  // site's folder: Decap's own words ("Publish", "Published") would say it is on the site.
  var LOCAL = /^(127\.0\.0\.1|localhost|\[::1\])$/.test(location.hostname);
  if (LOCAL && COP.editor === "decap" && typeof CMS.getLocale === "function") {
    var en = CMS.getLocale("en");
    if (en && en.editor && en.editor.editorToolbar) {
      en = JSON.parse(JSON.stringify(en));
      var saved = "Saved on this computer, not published yet";
      Object.assign(en.editor.editorToolbar, {
        publish: "Save",
        publishNow: "Save on this computer",
        publishing: "Saving on this computer…",
        published: saved,
        publishAndCreateNew: "Save and create new",
        publishAndDuplicate: "Save and duplicate",
        deleteUnpublishedEntry: "Delete",
        deletePublishedEntry: "Delete from this computer",
      });
      if (en.ui && en.ui.toast) {
        en.ui.toast.entryPublished = "Saved on this computer. Nothing is published until you commit and push it.";
        en.ui.toast.entrySaved = en.ui.toast.entryPublished;
      }
      CMS.registerLocale("en", en);
    }
  }

  // ---- a note's fields for its kind ------------------------------------------------------------
  // The form has every field of every kind of note; a field of another kind is hidden (its
  // value, if the file has one, is kept as written).
  var ONLY = COP.only || {};
  // Decap labels each control (label for="<field>-field-<n>"); the label's parent holds both.
  function fieldBox(name) {
    var label = document.querySelector('label[for^="' + name + '-field-"]');
    return label ? label.parentElement : null;
  }
  function applyKinds() {
    var box = fieldBox("kind");
    if (!box) return;
    var text = box.textContent || "";
    var kind = "meeting";
    (COP.noteKinds || []).forEach(function (value) { if (text.indexOf(COP.labels[value] || value) >= 0) kind = value; });
    Object.keys(ONLY).forEach(function (name) {
      var container = fieldBox(name);
      if (container) container.style.display = ONLY[name] === kind ? "" : "none";
    });
  }
  if (Object.keys(ONLY).length && window.MutationObserver) {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; applyKinds(); });
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }

  // For tests and for anyone curious in the browser's console.
  window.COP_FORMATS = { fromFile: fromFile, toFile: toFile };

  // ---- preview -----------------------------------------------------------------------------
  (COP.styles || []).forEach(function (url) { CMS.registerPreviewStyle(url); });

  var h = window.h;
  var createClass = window.createClass;
  // Sveltia shows its own preview (its React bridge would load code from a CDN).
  if (COP.editor !== "decap" || typeof h !== "function" || typeof createClass !== "function") return start();

  function nameOf(slug) { return COP.names[slug] || slug; }
  function labelOf(value) { return COP.labels[value] || value; }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // Enough Markdown for a preview: headings, lists, paragraphs, emphasis, links and the site's
  // [[wikilinks]], shown with the names readers see.
  function inline(text) {
    var s = escapeHtml(text);
    s = s.replace(/\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|([^\]]+))?\]\]/g, function (_, slug, label) {
      return '<a href="#">' + escapeHtml(label ? label : nameOf(slug.trim().split("/").pop())) + "</a>";
    });
    s = s.replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, '<a href="$2">$1</a>');
    s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>").replace(/\*([^*]+)\*/g, "<em>$1</em>");
    s = s.replace(/`([^`]+)`/g, "<code>$1</code>");
    return s;
  }
  function markdown(text) {
    var out = [];
    var para = [];
    var list = null;
    function flush() {
      if (para.length) out.push("<p>" + inline(para.join(" ")) + "</p>");
      para = [];
      if (list) out.push("<" + list.tag + ">" + list.items.map(function (i) { return "<li>" + inline(i) + "</li>"; }).join("") + "</" + list.tag + ">");
      list = null;
    }
    String(text || "").split(/\r?\n/).forEach(function (line) {
      var m;
      if (!line.trim()) return flush();
      if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) { flush(); out.push("<h" + (m[1].length + 1) + ">" + inline(m[2]) + "</h" + (m[1].length + 1) + ">"); return; }
      if ((m = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line))) {
        var tag = m[1] ? "ol" : "ul";
        if (para.length || (list && list.tag !== tag)) flush();
        if (!list) list = { tag: tag, items: [] };
        list.items.push(m[2]);
        return;
      }
      if (list && /^\s+/.test(line)) { list.items[list.items.length - 1] += " " + line.trim(); return; }
      if (list) flush();
      para.push(line.trim());
    });
    flush();
    return out.join("\n");
  }

  function words(value, field) {
    if (value === undefined || value === null || value === "") return null;
    if (Array.isArray(value)) {
      var parts = value.map(function (v) { return words(v, field); }).filter(Boolean);
      return parts.length ? parts.join(", ") : null;
    }
    if (isPlain(value)) {
      if (value.partner !== undefined) {
        return [nameOf(value.partner), value.role, value.since ? "since " + canon(value.since) : null].filter(Boolean).join(", ");
      }
      var keys = Object.keys(value).filter(function (k) { return !isEmpty(value[k]); });
      return keys.length ? keys.map(function (k) { return labelOf(k) + ": " + words(value[k], k); }).join("; ") : null;
    }
    var text = canon(value);
    if (typeof text !== "string") return String(text);
    // A slug of a partner, group or scenario reads as its name; a topic or a vocabulary value
    // as its label (a topic may share its slug with a group).
    if ((COP.refs || []).indexOf(field) >= 0 && COP.names[text]) return COP.names[text];
    return labelOf(text);
  }

  function previewFor(kind) {
    var shape = COP.kinds[kind];
    var titles = COP.titles || {};
    return createClass({
      render: function () {
        var data = this.props.entry.getIn(["data"]);
        var plain = data && data.toJS ? data.toJS() : {};
        var title = plain.name || plain.title || "";
        var rows = [];
        Object.keys(shape.f).forEach(function (k) {
          if (k === "name" || k === "title" || k === "draft" || k === "private") return;
          var value = plain[k];
          var cell;
          if (Array.isArray(value) && value.length > 1) {
            var items = value.map(function (v) { return words(v, k); }).filter(Boolean);
            cell = items.length ? h("ul", {}, items.map(function (t, i) { return h("li", { key: i }, t); })) : null;
          } else {
            cell = words(value, k);
          }
          if (cell) rows.push(h("tr", { key: k }, h("th", { scope: "row" }, titles[k] || labelOf(k)), h("td", {}, cell)));
        });
        return h(
          "article",
          { className: "md-typeset", style: { padding: "1rem 1.5rem", maxWidth: "50rem" } },
          h("h1", {}, title),
          rows.length ? h("table", {}, h("tbody", {}, rows)) : null,
          h("div", { dangerouslySetInnerHTML: { __html: markdown(plain.body) } })
        );
      },
    });
  }

  (COP.collections || []).forEach(function (c) { CMS.registerPreviewTemplate(c.name, previewFor(c.kind)); });
  start();

  function start() {
    // The page asked the editor to wait (CMS_MANUAL_INIT) until the formats above were there.
    if (window.CMS_MANUAL_INIT && typeof CMS.init === "function") CMS.init();
  }
})();
