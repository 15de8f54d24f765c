// appraise serve's page (docs/serve.md). Everything it shows is computed by the
// server: the form from the codebook and the rubrics' questions, which
// questions apply (the rubrics' own gates), the judgements and diagnostics of
// the text as edited. The page only keeps the reviewer's changes and sends
// them; it never evaluates a gate or a rule itself.
'use strict';

const app = {
  form: null,       // GET /api/form
  corpus: null,     // GET /api/corpus
  study: null,      // the open file: {file, hash, text (candidate), disk (as loaded), analysis, index}
  pending: new Map(),  // key path (JSON) -> edit not yet sent
  inFlight: false,
  timer: null,
  textTimer: null,
  textView: false,
  focusAfter: null,  // the id of a block just added, focused once it is drawn
};

const $ = (selector, root = document) => root.querySelector(selector);
let idCounter = 0;
const freshId = (stem) => `${stem}-${++idCounter}`;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setStatus(text) { $('#status').textContent = text; }

async function api(method, path, body) {
  const options = {method, credentials: 'same-origin', headers: {}};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try { data = await response.json(); } catch (e) { data = {error: `HTTP ${response.status}`}; }
  return {status: response.status, data};
}

// ------------------------------------------------------------------ words

function rubricOf(id) { return app.form.rubrics.find((r) => r.id === id); }

function wordLabel(rubricId, word) {
  if (!word) return 'Not assessed';
  const rubric = rubricOf(rubricId);
  const mark = rubric && rubric.scale.find((m) => m.word === word);
  return mark ? mark.label : word;
}

// The colour class of a judgement: by its place on the rubric's scale (best first).
function judgementClass(rubricId, word) {
  if (!word) return 'j-none';
  const rubric = rubricOf(rubricId);
  if (!rubric) return '';
  const index = rubric.scale.findIndex((m) => m.word === word);
  if (index < 0) return '';
  const n = rubric.scale.length;
  if (index === 0) return 'j-low';
  if (index === n - 1 && n > 2) return n > 3 ? 'j-critical' : 'j-high';
  return index === 1 && n > 3 ? 'j-concerns' : (index <= n / 2 ? 'j-concerns' : 'j-high');
}

// ------------------------------------------------------------------ corpus

async function showCorpus() {
  setStatus('Reading the corpus…');
  const {status, data} = await api('GET', '/api/corpus');
  if (status !== 200) { setStatus(data.error || `HTTP ${status}`); return; }
  app.corpus = data;
  const main = $('#main');
  main.replaceChildren();
  main.append(el('h1', {text: `Corpus: ${data.root}`}));
  const search = el('input', {type: 'search', id: 'corpus-search', 'aria-controls': 'corpus-table'});
  const state = el('select', {id: 'corpus-state', 'aria-controls': 'corpus-table'},
    ...['', 'clean', 'warnings', 'errors', 'unresolved', 'not-assessed'].map((s) =>
      el('option', {value: s, text: s === '' ? 'every state' : s})));
  main.append(el('div', {class: 'filters', role: 'search'},
    el('label', {for: 'corpus-search'}, 'Search id, author, title or file', search),
    el('label', {for: 'corpus-state'}, 'State', state),
    el('p', {id: 'corpus-count', class: 'muted', 'aria-live': 'polite'})));
  const body = el('tbody');
  const table = el('table', {class: 'corpus', id: 'corpus-table'},
    el('caption', {class: 'muted', text: 'Each study, its state as check sees it, and each rubric’s overall judgement'}),
    el('thead', {}, el('tr', {}, el('th', {scope: 'col', text: 'Study'}), el('th', {scope: 'col', text: 'State'}),
      el('th', {scope: 'col', text: 'Judgements'}), el('th', {scope: 'col', text: 'File'}))),
    body);
  main.append(table);
  for (const study of data.studies) {
    const judgements = el('td', {class: 'judgements'});
    for (const j of study.judgements) {
      if (!j.text) continue;
      const name = rubricOf(j.rubric) ? rubricOf(j.rubric).name : j.rubric;
      judgements.append(el('div', {}, `${name}${j.label ? ` (${j.label})` : ''}: `,
        el('span', {class: `judgement ${judgementClass(j.rubric, j.word)}`, text: j.text})));
    }
    const link = el('a', {href: `#/study/${encodeURIComponent(study.file)}/${study.index}`, class: 'study-link'},
      study.label || study.id);
    const row = el('tr', {'data-state': study.state,
      'data-search': [study.id, study.label, study.title, study.file].join(' ').toLowerCase()},
      el('td', {}, link, el('div', {class: 'muted', text: study.id})),
      el('td', {}, el('span', {class: `state state-${study.state}`, text: study.state})),
      judgements, el('td', {class: 'muted', text: study.file}));
    body.append(row);
  }
  const apply = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of body.rows) {
      const ok = (!state.value || row.dataset.state === state.value) &&
                 words.every((w) => row.dataset.search.includes(w));
      row.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    $('#corpus-count').textContent = `${shown} of ${body.rows.length} studies`;
  };
  search.addEventListener('input', apply);
  state.addEventListener('change', apply);
  apply();
  // The reports of the corpus as it is now, made by `appraise run` and `appraise figure` on request.
  const reports = el('nav', {class: 'reports', 'aria-label': 'Reports'}, 'Reports of the corpus as it is now: ',
    el('a', {href: '/report.html', target: '_blank', rel: 'noopener', id: 'report-link'}, 'HTML report'));
  for (const r of app.form.rubrics) {
    if (!r.domains.length) continue;
    reports.append(' · ', `${r.id}: `,
      el('a', {href: `/figure/${encodeURIComponent(r.id)}/traffic-light.svg`, target: '_blank', rel: 'noopener'}, 'traffic light'),
      ' ', el('a', {href: `/figure/${encodeURIComponent(r.id)}/summary.svg`, target: '_blank', rel: 'noopener'}, 'summary'));
  }
  main.append(reports);
  for (const f of data.files)
    main.append(el('p', {class: 'banner'}, `${f.file}: `, f.problems.map((p) => p.message).join('; ')));
  const file = el('input', {type: 'text', id: 'new-file', placeholder: 'studies/lee-2021.toml'});
  const id = el('input', {type: 'text', id: 'new-id', placeholder: 'lee-2021'});
  main.append(el('form', {class: 'new-study', 'aria-label': 'New study', onsubmit: async (event) => {
    event.preventDefault();
    const {status: s, data: d} = await api('POST', '/api/create', {file: file.value, id: id.value});
    if (s !== 200) { setStatus(d.error); return; }
    location.hash = `#/study/${encodeURIComponent(d.file)}/0`;
  }}, el('label', {for: 'new-file'}, 'New study file', file), el('label', {for: 'new-id'}, 'its id', id),
  el('button', {type: 'submit', text: 'Create and code it'})));
  setStatus(`${data.studies.length} studies`);
}

// ------------------------------------------------------------------ study

const keyOf = (path) => JSON.stringify(path);

function currentStudy() {
  const a = app.study.analysis;
  return a.studies[Math.min(app.study.index, Math.max(a.studies.length - 1, 0))] || null;
}

function valueMap(study) {
  const map = new Map();
  if (study) for (const v of study.values) map.set(keyOf(v.path), v);
  return map;
}

async function showStudy(file, index) {
  setStatus('Opening…');
  const {status, data} = await api('GET', `/api/study?file=${encodeURIComponent(file)}`);
  if (status !== 200) { setStatus(data.error || `HTTP ${status}`); return; }
  app.pending.clear();
  app.study = {file: data.file, hash: data.hash, text: data.text, disk: data.text, analysis: data, index,
               undo: data.undo};
  app.textView = false;
  renderStudy(false);
  const draft = loadDraft();
  if (draft && draft.hash === data.hash && draft.text !== data.text) offerDraft(draft);
  setStatus('Opened');
}

// A draft kept in the browser: a crash of the page or the server loses at most the field being typed.
function draftKey() { return `appraise-draft:${app.study.file}`; }
function saveDraft() {
  try {
    if (app.study.text !== app.study.disk)
      localStorage.setItem(draftKey(), JSON.stringify({hash: app.study.hash, text: app.study.text}));
    else localStorage.removeItem(draftKey());
  } catch (e) { /* storage full or off: the server copy is still there */ }
}
function loadDraft() {
  try { return JSON.parse(localStorage.getItem(draftKey()) || 'null'); } catch (e) { return null; }
}
function offerDraft(draft) {
  const banner = el('div', {class: 'banner', role: 'alert'}, 'Unsaved changes to this file from an earlier session. ',
    el('button', {type: 'button', text: 'Restore them', onclick: async () => {
      banner.remove();
      app.study.text = draft.text;
      await sendPreview([]);
      renderStudy();
    }}), ' ',
    el('button', {type: 'button', class: 'secondary', text: 'Discard', onclick: () => {
      localStorage.removeItem(draftKey());
      banner.remove();
    }}));
  $('#main').prepend(banner);
}

// Redrawn after a change that adds rows (a key, a result, an outcome): the
// page stays where the reviewer was, focus on the same control, no jump.
function renderStudy(keepPlace = true) {
  const main = $('#main');
  const scrollY = window.scrollY;
  const focused = keepPlace && document.activeElement ? document.activeElement.id : '';
  main.replaceChildren();
  const s = app.study;
  const study = currentStudy();
  main.append(el('h1', {}, study ? `Study ${study.id || '(no id)'}` : 'Study', el('span', {class: 'muted', text: ` — ${s.file}`})));
  const save = el('button', {type: 'button', id: 'save', text: 'Save', onclick: saveStudy});
  const undo = el('button', {type: 'button', id: 'undo', class: 'secondary', text: 'Undo last save',
    disabled: !s.undo, onclick: undoSave});
  const toggle = el('button', {type: 'button', id: 'toggle-text', class: 'secondary',
    text: app.textView ? 'Show the form' : 'Show the text', onclick: () => {
      app.textView = !app.textView;
      renderStudy();
    }});
  main.append(el('div', {class: 'toolbar'}, save, undo, toggle,
    el('span', {id: 'dirty', class: 'muted', 'aria-live': 'polite'})));
  const layout = el('div', {class: 'study-layout'});
  const left = el('div', {id: 'form-column'});
  // Not a live region itself (it is redrawn on every change): the status line says what changed.
  const panel = el('aside', {class: 'panel', id: 'results', 'aria-label': 'Judgements and diagnostics'});
  layout.append(left, panel);
  main.append(layout);
  if (app.textView) renderText(left);
  else if (!study) left.append(el('p', {text: 'The text does not parse: fix it in the text view.'}));
  else renderForm(left, study);
  refreshLive();
  if (keepPlace) {
    window.scrollTo(0, scrollY);
    const again = focused && document.getElementById(focused);
    if (again) again.focus({preventScroll: true});
  }
  if (app.focusAfter) {
    // A block the reviewer just added: its heading takes the focus, so Tab goes on into it.
    const target = document.getElementById(app.focusAfter);
    app.focusAfter = null;
    if (target) {
      target.tabIndex = -1;
      target.scrollIntoView({block: 'start'});
      target.focus({preventScroll: true});
    }
  }
}

function renderText(container) {
  const area = el('textarea', {class: 'source', id: 'source', 'aria-label': 'The study file as TOML',
    spellcheck: 'false'});
  area.value = app.study.text;
  area.addEventListener('input', () => {
    app.study.text = area.value;
    clearTimeout(app.textTimer);
    app.textTimer = setTimeout(() => sendPreview([]), 400);
  });
  container.append(el('p', {class: 'muted', text: 'The file as it will be saved. Edits here are checked as you type.'}),
    area);
}

function fieldId(path) { return `f-${path.join('-').replace(/[^A-Za-z0-9_-]/g, '_')}`; }

// The value typed, as the API takes it; undefined when it cannot be read (left for the diagnostics).
function editFor(field, path, text, evidence) {
  const edit = {path};
  const trimmed = text.trim();
  const hasEvidence = evidence && (evidence.support || evidence.at || evidence.source || evidence.resolved);
  if (trimmed === '' && !hasEvidence) { edit.value = null; return edit; }
  const list = (convert) => trimmed === '' ? [] : trimmed.split(',').map((x) => convert(x.trim()));
  const number = (x) => (/^-?\d+$/.test(x) ? parseInt(x, 10) : (/^-?\d*\.?\d+(e-?\d+)?$/i.test(x) ? parseFloat(x) : x));
  switch (field ? field.type : 'string') {
    case 'integer': case 'number': edit.value = number(trimmed); break;
    case 'boolean': edit.value = trimmed === 'true' ? true : (trimmed === 'false' ? false : trimmed); break;
    case 'date': if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) edit.toml = trimmed; else edit.value = trimmed; break;
    case 'string-list': case 'enumeration-list': edit.value = list((x) => x); break;
    case 'integer-list': edit.value = list(number); break;
    case 'number-or-list': edit.value = trimmed.includes(',') ? list(number) : number(trimmed); break;
    default: edit.value = trimmed;
  }
  if (hasEvidence) {
    if (edit.toml !== undefined) { edit.value = trimmed; delete edit.toml; }
    Object.assign(edit, evidence);
  }
  return edit;
}

function shownText(v) {
  if (!v) return '';
  if (v.unresolved) return '';
  if (Array.isArray(v.value)) return v.value.join(', ');
  if (v.value === null || v.value === undefined) return '';
  return String(v.value);
}

// One field of the codebook, or one answer: its control, meaning, evidence and diagnostics.
function fieldRow(path, field, values, options = {}) {
  const v = values.get(keyOf(path));
  const id = fieldId(path);
  let control;
  const choices = options.answers || (field && (field.type === 'enumeration' ? field.values :
    (field.type === 'boolean' ? ['true', 'false'] : null)));
  if (choices) {
    control = el('select', {id, 'aria-describedby': `${id}-meaning ${id}-diag`},
      el('option', {value: '', text: options.empty || (options.answers ? '(not answered)' : '(not reported)')}),
      ...choices.map((c) => el('option', {value: c, text: c})));
    const current = shownText(v);
    if (current && !choices.includes(current)) control.append(el('option', {value: current, text: current}));
    control.value = current;
  } else {
    control = el('input', {type: 'text', id, 'aria-describedby': `${id}-meaning ${id}-diag`,
      inputmode: field && (field.type === 'integer' || field.type === 'number') ? 'decimal' : null,
      placeholder: field && field.type === 'date' ? 'YYYY-MM-DD' : null});
    control.value = shownText(v);
  }
  if (v && v.unresolved) control.setAttribute('placeholder', `unresolved: ${v.toml}`);
  const evidenceInputs = {};
  const evidence = el('details', {class: 'evidence'}, el('summary', {text: 'Evidence (quote, where, source)'}));
  const grid = el('div', {class: 'evidence-grid'});
  for (const [key, label] of [['support', 'Quote'], ['at', 'Where'], ['source', 'Source']]) {
    const eid = `${id}-${key}`;
    let input;
    if (key === 'source') {
      input = el('select', {id: eid}, el('option', {value: '', text: '(none)'}),
        ...app.form.evidence.sources.map((s) => el('option', {value: s, text: s})));
    } else {
      input = el('input', {type: 'text', id: eid});
    }
    input.value = (v && v[key]) || '';
    evidenceInputs[key] = input;
    grid.append(el('label', {for: eid, text: label}), input);
  }
  evidence.append(grid);
  if (v && (v.support || v.at || v.source)) evidence.open = true;
  // Which result a table is (outcome, effect) is read as plain text: no evidence wrapper for it.
  if (options.noEvidence && !(v && (v.support || v.at || v.source))) evidence.hidden = true;
  const changed = () => {
    const ev = {};
    for (const [key, input] of Object.entries(evidenceInputs)) if (input.value.trim()) ev[key] = input.value.trim();
    // How a disagreement was settled stays with the value when it is edited again.
    if (v && v.resolved) { ev.resolved = v.resolved; if (v.reason) ev.reason = v.reason; }
    queueEdit(editFor(field, path, control.value, ev));
  };
  control.classList.add('value');
  control.addEventListener(control.tagName === 'SELECT' ? 'change' : 'input', changed);
  for (const input of Object.values(evidenceInputs))
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', changed);
  const meaning = options.meaning !== undefined ? options.meaning :
    (field ? `${field.meaning}: ${field.described}` : '');
  const diag = el('ul', {class: 'diag', id: `${id}-diag`, 'data-path': keyOf(path)});
  if (options.question) {
    // The answer comes right after its question in the tab order; the evidence after it.
    control.classList.add('answer');
    evidence.classList.add('question-evidence');
    return el('div', {class: 'question', 'data-question': options.question, 'data-rubric': options.rubric,
      'data-result': options.result === null || options.result === undefined ? null : String(options.result)},
      el('label', {for: id, class: 'qid', text: options.question}),
      el('p', {id: `${id}-meaning`, class: 'meaning prompt', text: meaning}), control, evidence, diag);
  }
  return el('div', {class: 'field'}, el('label', {for: id, text: path.filter((p) => !p.startsWith('[')).slice(-1)[0]}),
    el('div', {class: 'control'}, control, el('p', {id: `${id}-meaning`, class: 'meaning', text: meaning}), evidence,
      diag));
}

// A typed new value: a number or boolean when it reads as one, else text.
function typedValue(text) {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

function sideText(side, from) {
  if (!side) return el('span', {class: 'muted', text: 'not coded'});
  return el('span', {}, el('code', {text: side.toml}),
    side.support ? el('q', {class: 'quote', text: side.support}) : null,
    side.at ? el('span', {class: 'muted', text: ` ${side.at}`}) : null,
    el('span', {class: 'muted from', text: ` (${from})`}));
}

// The disagreements `agree --consensus` marked in this study: both coders' values and quotes side by
// side; the reviewers take A's, B's or a new value, with how and why, and the mark is replaced.
function renderDisagreements(container, study) {
  const marks = study.values.filter((v) => v.unresolved && v.marker);
  if (!marks.length) return;
  const set = el('fieldset', {class: 'disagreements', id: 'disagreements'},
    el('legend', {text: `Disagreements to resolve (${marks.length})`}),
    el('p', {class: 'section-meaning', text: 'Each value the two coders wrote differently. Take one, or write the agreed value; say how and why.'}));
  for (const v of marks) {
    const key = v.path.filter((p) => !p.startsWith('[')).join('.');
    const id = fieldId(v.path);
    const how = el('select', {id: `${id}-how`}, ...app.form.resolutions.map((w) => el('option', {value: w, text: w})));
    how.value = 'discussion';
    const reason = el('input', {type: 'text', id: `${id}-reason`, placeholder: 'why (e.g. sealed envelopes, p. 4)'});
    const value = el('input', {type: 'text', id: `${id}-new`, placeholder: 'the agreed value'});
    const resolve = (side, word) => {
      const edit = {path: v.path, resolved: word, reason: reason.value.trim()};
      if (!edit.reason) delete edit.reason;
      if (side) {
        edit.value = side.value;
        for (const k of ['support', 'at', 'source']) if (side[k]) edit[k] = side[k];
      } else {
        if (!value.value.trim()) { value.focus(); return; }
        edit.value = typedValue(value.value);
      }
      queueEdit(edit, true);
    };
    const m = v.marker;
    set.append(el('div', {class: 'disagreement', 'data-path': keyOf(v.path)},
      el('h3', {}, el('code', {text: key})),
      el('div', {class: 'sides'},
        el('div', {class: 'side'}, el('strong', {text: 'A: '}), sideText(m.a, m.a_from),
          el('button', {type: 'button', class: 'take-a', disabled: !m.a, onclick: () => resolve(m.a, 'a')}, 'Take A')),
        el('div', {class: 'side'}, el('strong', {text: 'B: '}), sideText(m.b, m.b_from),
          el('button', {type: 'button', class: 'take-b', disabled: !m.b, onclick: () => resolve(m.b, 'b')}, 'Take B'))),
      el('div', {class: 'resolve-row'},
        el('label', {for: reason.id}, 'Reason ', reason),
        el('label', {for: value.id}, 'Or a new value ', value),
        el('label', {for: how.id}, 'settled by ', how),
        el('button', {type: 'button', class: 'secondary', onclick: () => resolve(null, how.value)}, 'Resolve with it'),
        el('button', {type: 'button', class: 'secondary leave-out',
          onclick: () => queueEdit({path: v.path, value: null}, true)}, 'Leave it not reported'))));
  }
  container.append(set);
}

// The ids of the study's [[outcomes]], as written.
function outcomeIds(study) {
  const n = study.prefix.length;
  return study.values.filter((v) => v.path.length === n + 3 && v.path[n] === 'outcomes' && v.path[n + 2] === 'id' &&
    typeof v.value === 'string').map((v) => v.value);
}

// The elements of an array of tables ([[outcomes]]) written in the study.
function elementCount(study, path) {
  const n = path.length;
  return new Set(study.values.filter((v) => v.path.length > n + 1 && keyOf(v.path.slice(0, n)) === keyOf(path) &&
    v.path[n].startsWith('[')).map((v) => v.path[n])).size;
}

// "Add an outcome": a new [[outcomes]] element with its required fields (and
// its name); its other fields are then in its own block.
function addElementForm(section, study, count) {
  const path = [...study.prefix, section.path];
  const wanted = section.fields.filter((f) => f.required || f.key === 'name');
  const inputs = wanted.map((f) => el('input', {type: 'text', id: freshId(`add-${section.path}-${f.key}`),
    'aria-describedby': null, required: f.required}));
  const what = section.path === 'outcomes' ? 'an outcome' : `a [[${section.path}]] element`;
  const button = el('button', {type: 'button', class: 'secondary add-element', 'data-section': section.path,
    text: `Add ${what}`, onclick: () => {
      const missing = inputs.find((input, i) => wanted[i].required && !input.value.trim());
      if (missing) { missing.focus(); setStatus(`Give the new element its ${wanted[inputs.indexOf(missing)].key}`); return; }
      const edits = [];
      wanted.forEach((f, i) => {
        if (inputs[i].value.trim()) edits.push(editFor(f, [...path, `[${count}]`, f.key], inputs[i].value));
      });
      app.focusAfter = `legend-${section.path}-${count}`;
      edits.forEach((e, i) => queueEdit(e, i === edits.length - 1));
    }});
  return el('div', {class: 'add-key add-element-row', role: 'group', 'aria-label': `Add ${what}`},
    ...wanted.map((f, i) => el('label', {for: inputs[i].id}, `${f.key}${f.required ? ' (required)' : ''} `, inputs[i])),
    button);
}

// The keys, questions and domain judgements of one result of a rubric: the
// table [appraisal.<id>] (k null), or element k of [[appraisal.<id>]].
function resultBody(rubric, study, values, base, k) {
  const nodes = [];
  const scope = k === null ? rubric.id : `${rubric.id}[${k}]`;
  const questionIds = new Set(rubric.questions.map((q) => q.id));
  // Which result it is (outcome, effect), then the other keys written that are not questions (weight, notes...).
  const perResult = rubric.per_result || {keys: ['outcome', 'effect'], effects: []};
  const shownKeys = new Set();
  if (rubric.per_result || k !== null) {
    for (const key of perResult.keys) {
      shownKeys.add(key);
      const choices = key === 'outcome' ? outcomeIds(study) : (key === 'effect' && perResult.effects.length ? perResult.effects : null);
      const meaning = key === 'outcome' ? 'which result this is: the id of one of the study\'s [[outcomes]]'
        : 'the effect of interest (assignment: intention-to-treat; adhering: per-protocol)';
      nodes.push(fieldRow([...base, key], null, values,
        {answers: choices && choices.length ? choices : null, empty: '(not coded)', meaning, noEvidence: true}));
    }
  }
  for (const v of study.values) {
    if (v.path.length !== base.length + 1 || keyOf(v.path.slice(0, base.length)) !== keyOf(base)) continue;
    const key = v.path[base.length];
    if (questionIds.has(key) || shownKeys.has(key) || key.startsWith('[')) continue;
    nodes.push(fieldRow(v.path, null, values, {meaning: 'a key of this rubric (appraise explain ' + rubric.id + ')'}));
  }
  const keyInput = el('input', {type: 'text', id: freshId('add-key'), placeholder: 'weight'});
  const valueInput = el('input', {type: 'text', id: freshId('add-value'), placeholder: 'value'});
  nodes.push(el('div', {class: 'add-key'}, el('label', {for: keyInput.id}, 'Add a key ', keyInput),
    el('label', {for: valueInput.id}, ' = ', valueInput),
    el('button', {type: 'button', class: 'secondary', text: 'Add', onclick: () => {
      if (!keyInput.value.trim()) { keyInput.focus(); return; }
      queueEdit({path: [...base, keyInput.value.trim()], value: typedValue(valueInput.value)}, true);
    }})));
  const level = k === null ? 'h3' : 'h4';
  for (const domain of rubric.domains) {
    const questions = rubric.questions.filter((q) => q.domain === domain.id);
    if (!questions.length) continue;
    // One block per domain: hidden when the design asks none of its questions (a cluster trial's d1 of 1.x).
    nodes.push(el('div', {class: 'domain', 'data-domain': domain.id},
      el('div', {class: 'domain-head'}, el(level, {text: `${domain.id}: ${domain.name}`}),
        el('span', {class: 'judgement j-none', 'data-judgement': `${scope}/${domain.id}`, text: ''})),
      el('p', {class: 'rationale', 'data-rationale': `${scope}/${domain.id}`}),
      ...questions.map((q) => fieldRow([...base, q.id], null, values,
        {question: q.id, rubric: rubric.id, result: k, answers: q.answers, meaning: q.prompt})),
      reviewerBlock(rubric, base, values, domain.id, domain.id, scope)));
  }
  nodes.push(el('div', {class: 'domain-head'}, el(level, {text: 'Overall'}),
    el('span', {class: 'judgement j-none', 'data-judgement': `${scope}/overall`, text: ''})),
  el('p', {class: 'rationale', 'data-rationale': `${scope}/overall`}),
  reviewerBlock(rubric, base, values, 'overall', 'the overall judgement', scope));
  return nodes;
}

// The reviewer's own words on a domain (or the overall): the support for its
// judgement ([appraisal.<id>.support]), the predicted direction of bias
// (.direction) and an override with its reason (.override, which the rubric
// applies and reports beside the judgement it proposed). Written key by key
// like any value; the server judges again with them.
function reviewerBlock(rubric, base, values, target, label, scope) {
  const text = (path) => shownText(values.get(keyOf(path)));
  const supportPath = [...base, 'support', target];
  const directionPath = [...base, 'direction', target];
  const overridePath = [...base, 'override', target];
  const stem = fieldId([...base, 'reviewer', target]);
  const support = el('input', {type: 'text', id: `${stem}-support`});
  support.value = text(supportPath);
  const direction = el('select', {id: `${stem}-direction`}, el('option', {value: '', text: '(not given)'}),
    ...(app.form.directions || []).map((w) => el('option', {value: w, text: w})));
  direction.value = text(directionPath);
  const words = rubric.scale.map((m) => m.word).filter((w) => !w.startsWith('not-') && w !== 'disputed');
  const judgement = el('select', {id: `${stem}-override`}, el('option', {value: '', text: '(none: the rubric\'s judgement)'}),
    ...words.map((w) => el('option', {value: w, text: wordLabel(rubric.id, w)})));
  judgement.value = text([...overridePath, 'judgement']);
  const reason = el('input', {type: 'text', id: `${stem}-reason`, placeholder: 'required with an override'});
  reason.value = text([...overridePath, 'reason']);
  support.addEventListener('input', () => queueEdit({path: supportPath, value: support.value.trim() || null}));
  direction.addEventListener('change', () => queueEdit({path: directionPath, value: direction.value || null}));
  const overridden = () => queueEdit(judgement.value
    ? {path: overridePath, toml: `{ judgement = ${JSON.stringify(judgement.value)}, reason = ${JSON.stringify(reason.value.trim())} }`}
    : {path: overridePath, value: null});
  judgement.addEventListener('change', overridden);
  reason.addEventListener('input', () => { if (judgement.value) overridden(); });
  const block = el('details', {class: 'reviewer', 'data-reviewer': `${scope}/${target}`},
    el('summary', {text: `Your judgement of ${label}: support, direction, override`}),
    el('div', {class: 'evidence-grid'},
      el('label', {for: support.id, text: 'Support'}), support,
      el('label', {for: direction.id, text: 'Direction of bias'}), direction,
      el('label', {for: judgement.id, text: 'Override'}), judgement,
      el('label', {for: reason.id, text: 'Reason'}), reason));
  if (support.value || direction.value || judgement.value) block.open = true;
  return block;
}

// "Add a result": a new element of [[appraisal.<id>]] for an outcome of the
// study (and an effect); a single [appraisal.<id>] table becomes its first.
function addResultForm(rubric, study, base, results) {
  const outcome = el('select', {id: freshId(`add-result-${rubric.id}-outcome`)},
    el('option', {value: '', text: '(choose an outcome)'}), ...outcomeIds(study).map((id) => el('option', {value: id, text: id})));
  const effects = rubric.per_result ? rubric.per_result.effects : [];
  const effect = effects.length ?
    el('select', {id: freshId(`add-result-${rubric.id}-effect`)}, ...effects.map((e) => el('option', {value: e, text: e}))) : null;
  const written = study.values.some((v) => v.path.length > base.length && keyOf(v.path.slice(0, base.length)) === keyOf(base));
  const n = results ? results.length : (written ? 1 : 0);
  // The table already coded becomes result 1: one of several results needs its outcome too.
  const firstOutcome = n === 1 && !study.values.some((v) => keyOf(v.path) === keyOf([...base, 'outcome'])) ?
    el('select', {id: freshId(`add-result-${rubric.id}-first-outcome`)},
      el('option', {value: '', text: '(choose an outcome)'}), ...outcomeIds(study).map((id) => el('option', {value: id, text: id}))) : null;
  const button = el('button', {type: 'button', class: 'secondary add-result', 'data-rubric': rubric.id, text: 'Add a result',
    onclick: () => {
      if (!outcome.value) { outcome.focus(); setStatus('Choose the outcome of the new result'); return; }
      if (firstOutcome && !firstOutcome.value) {
        firstOutcome.focus();
        setStatus('Choose the outcome of the result already coded');
        return;
      }
      const target = n === 0 ? base : [...base, `[${n}]`];
      app.focusAfter = n === 0 ? null : `result-head-${rubric.id}-${n}`;
      queueEdit({path: [...target, 'outcome'], value: outcome.value}, !effect && !firstOutcome);
      if (effect) queueEdit({path: [...target, 'effect'], value: effect.value}, !firstOutcome);
      // After the edits above made the table [[...]]: its first element.
      if (firstOutcome) queueEdit({path: [...base, '[0]', 'outcome'], value: firstOutcome.value}, true);
    }});
  return el('div', {class: 'add-key add-result-row', role: 'group', 'aria-label': `Add a ${rubric.id} result`},
    firstOutcome ? el('label', {for: firstOutcome.id}, 'Result 1 (coded): outcome ', firstOutcome) : null,
    el('label', {for: outcome.id}, 'New result: outcome ', outcome),
    effect ? el('label', {for: effect.id}, 'effect ', effect) : null, button,
    outcomeIds(study).length ? null : el('span', {class: 'muted', text: ' (add an outcome to the study first)'}));
}

function renderForm(container, study) {
  const values = valueMap(study);
  const prefix = study.prefix;
  renderDisagreements(container, study);
  const form = el('form', {id: 'coding-form', 'aria-label': 'Coding form', onsubmit: (e) => e.preventDefault()});
  for (const section of app.form.sections) {
    if (section.many) {
      // One fieldset per element of an array of tables ([[outcomes]]), as written, then "Add an outcome".
      const count = elementCount(study, [...prefix, section.path]);
      for (let i = 0; i < count; ++i) {
        const idValue = values.get(keyOf([...prefix, section.path, `[${i}]`, 'id']));
        const set = el('fieldset', {}, el('legend', {id: `legend-${section.path}-${i}`,
          text: `[[${section.path}]] ${i + 1}${idValue && idValue.value ? `: ${idValue.value}` : ''}`}),
          el('p', {class: 'section-meaning', text: section.meaning}));
        for (const field of section.fields)
          set.append(fieldRow([...prefix, section.path, `[${i}]`, field.key], field, values));
        form.append(set);
      }
      form.append(addElementForm(section, study, count));
      continue;
    }
    const set = el('fieldset', {}, el('legend', {text: section.path ? `[${section.path}]` : 'The study'}),
      el('p', {class: 'section-meaning', text: section.meaning}));
    for (const field of section.fields) {
      const path = section.path ? [...prefix, section.path, field.key] : [...prefix, field.key];
      set.append(fieldRow(path, field, values));
    }
    form.append(set);
  }
  for (const rubric of app.form.rubrics) {
    if (!rubric.questions.length) continue;
    const base = [...prefix, 'appraisal', rubric.id];
    // Several results ([[appraisal.<id>]]): one block each, its questions gated by its own answers.
    const results = (study.questions[rubric.id] || {}).results || null;
    const set = el('fieldset', {class: 'rubric', 'data-rubric': rubric.id},
      el('legend', {text: `${rubric.name} (${rubric.id} ${rubric.version})`}),
      el('p', {class: 'section-meaning', text: rubric.summary}));
    if (results) {
      results.forEach((r, k) => {
        const element = [...base, `[${k}]`];
        const o = values.get(keyOf([...element, 'outcome']));
        const e = values.get(keyOf([...element, 'effect']));
        const head = `result-head-${rubric.id}-${k}`;
        set.append(el('section', {class: 'result', 'data-result': String(k), 'aria-labelledby': head},
          el('h3', {id: head, class: 'result-head',
            text: `Result ${k + 1}: ${o && o.value ? o.value : '(outcome not coded)'} (${e && e.value ? e.value : 'effect not coded'})`}),
          ...resultBody(rubric, study, values, element, k)));
      });
    } else {
      set.append(...resultBody(rubric, study, values, base, null));
    }
    if (rubric.per_result || results) set.append(addResultForm(rubric, study, base, results));
    form.append(set);
  }
  container.append(form);
}

// ------------------------------------------------------------------ live updates

function queueEdit(edit, rerender) {
  app.pending.set(keyOf(edit.path), edit);
  clearTimeout(app.timer);
  app.timer = setTimeout(() => flush(rerender), 350);
  $('#dirty').textContent = 'Checking…';
}

async function flush(rerender) {
  if (app.inFlight) { app.timer = setTimeout(() => flush(rerender), 100); return; }
  const edits = [...app.pending.values()];
  app.pending.clear();
  await sendPreview(edits);
  if (rerender) renderStudy();
}

async function sendPreview(edits) {
  app.inFlight = true;
  try {
    const {status, data} = await api('POST', '/api/preview', {file: app.study.file, text: app.study.text, edits});
    if (status === 200) {
      app.study.text = data.text;
      app.study.analysis = data;
      saveDraft();
      refreshLive();
    } else {
      setStatus(data.error || `HTTP ${status}`);
      if (data.problems) showProblems(data.problems);
    }
  } finally {
    app.inFlight = false;
  }
}

function showProblems(problems) {
  const panel = $('#results');
  if (panel) panel.prepend(el('ul', {class: 'diag'}, ...problems.map((p) => el('li', {class: p.severity, text: p.message}))));
}

// Diagnostics of the study, each placed at the field its line:column names.
function diagnosticsOf(study, analysis) {
  const all = [];
  for (const p of analysis.problems) all.push({severity: p.severity, code: p.code, message: p.message, hint: p.hint,
    location: p.location});
  if (study) {
    for (const p of [...(study.result.errors || []), ...(study.result.warnings || [])])
      all.push({severity: p.severity, code: p.code, message: p.message, hint: p.hint, location: p.location});
    for (const a of study.result.appraisals || [])
      for (const f of a.findings || [])
        if (f.severity === 'error' || /unanswered|not-answered|not-assessed|missing-answer/.test(f.id))
          all.push({severity: f.severity, code: f.id, message: f.message, location: f.location});
  }
  const byLine = new Map();
  if (study) for (const v of study.values) if (!byLine.has(v.line)) byLine.set(v.line, v);
  for (const d of all) {
    const v = d.location && byLine.get(d.location.line);
    d.path = v ? keyOf(v.path) : null;
  }
  return all;
}

function refreshLive() {
  if (!app.study) return;
  const analysis = app.study.analysis;
  const study = currentStudy();
  const dirty = app.study.text !== app.study.disk;
  const dirtyNote = $('#dirty');
  if (dirtyNote) dirtyNote.textContent = dirty ? 'Unsaved changes' : 'Saved';
  // Which questions apply: as the rubric's gates say for this text (the server's answer).
  if (study) {
    for (const row of document.querySelectorAll('.question')) {
      const all = study.questions[row.dataset.rubric];
      // A result of [[appraisal.<id>]]: its own gates, read by its own appraisal.
      const q = all && row.dataset.result !== undefined && all.results ? all.results[Number(row.dataset.result)] : all;
      row.hidden = q ? !q.shown.includes(row.dataset.question) : false;
    }
  }
  // Which appraisal judges which result block: the server pairs them (questions.<id>.results[k].appraisal).
  const scopes = new Map();
  if (study)
    for (const [rubricId, q] of Object.entries(study.questions))
      (q.results || []).forEach((r, k) => { if (r.appraisal !== null) scopes.set(r.appraisal, `${rubricId}[${k}]`); });
  const changes = [];  // judgements that changed, said once in the live region
  const show = (scope, key, rubricId, word, say) => {
    const head = document.querySelector(`[data-judgement="${CSS.escape(`${scope}/${key}`)}"]`);
    if (!head) return;
    const text = wordLabel(rubricId, word);
    if (head.textContent && head.textContent !== text) changes.push(`${say}: ${text}`);
    head.textContent = text;
    head.className = `judgement ${judgementClass(rubricId, word)}`;
  };
  for (const list of document.querySelectorAll('ul.diag[data-path]')) list.replaceChildren();
  const diagnostics = diagnosticsOf(study, analysis);
  const panel = $('#results');
  if (!panel) return;
  panel.replaceChildren(el('h2', {text: 'Judgements'}));
  const results = el('div', {class: 'results'});
  if (study) {
    (study.result.appraisals || []).forEach((a, index) => {
      const scope = scopes.get(index) || a.rubric;
      const rubric = rubricOf(a.rubric);
      const name = rubric ? rubric.name : a.rubric;
      const overall = a.overall;
      const box = el('div', {class: 'appraisal', 'data-rubric': a.rubric, 'data-scope': scope},
        el('div', {}, el('strong', {text: name}), a.label ? ` (${a.label})` : '', ': ',
          el('span', {class: `judgement ${judgementClass(a.rubric, overall)}`, 'data-overall': a.rubric,
            text: overall === undefined ? '' : wordLabel(a.rubric, overall)})));
      if (a.overall_proposed) box.append(el('div', {class: 'rationale', text: `algorithm proposed: ${wordLabel(a.rubric, a.overall_proposed)} (overridden)`}));
      const domains = el('ul', {class: 'domains'});
      for (const d of a.domains || []) {
        domains.append(el('li', {}, `${d.id} ${d.name}: `,
          el('span', {class: `judgement ${judgementClass(a.rubric, d.judgement)}`, text: wordLabel(a.rubric, d.judgement)}),
          d.rationale ? el('div', {class: 'rationale', text: d.rationale}) : null));
        show(scope, d.id, a.rubric, d.judgement, `${name}${a.label ? ` (${a.label})` : ''} ${d.id}`);
        const why = document.querySelector(`[data-rationale="${CSS.escape(`${scope}/${d.id}`)}"]`);
        if (why) why.textContent = d.rationale || d.not_assessed || '';
      }
      show(scope, 'overall', a.rubric, overall, `${name}${a.label ? ` (${a.label})` : ''} overall`);
      const why = document.querySelector(`[data-rationale="${CSS.escape(`${scope}/overall`)}"]`);
      if (why) why.textContent = a.overall_rationale || a.overall_reason || '';
      box.append(domains);
      if (overall !== undefined || (a.domains && a.domains.length)) results.append(box);
    });
  }
  for (const block of document.querySelectorAll('.domain')) {
    const rows = [...block.querySelectorAll('.question')];
    block.hidden = rows.length > 0 && rows.every((r) => r.hidden) && !block.querySelector('.judgement').textContent;
  }
  // A screen reader hears a domain's judgement change as the reviewer answers (the panel is redrawn, not live).
  if (changes.length) $('#announce').textContent = changes.join('; ');
  panel.append(results);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (dirty) setStatus(`Checked: ${errors} errors, ${warnings} warnings`);
  panel.append(el('h2', {text: `Diagnostics: ${errors} errors, ${warnings} warnings`}));
  const list = el('ul', {class: 'diag', id: 'all-diagnostics'});
  for (const d of diagnostics) {
    const where = d.location && d.location.line ? `${d.location.file}:${d.location.line}:${d.location.column} ` : '';
    const text = `${where}${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
    const item = el('li', {class: d.severity, text});
    list.append(item);
    if (d.path) {
      // From the list to the field: Enter or a click takes the reviewer there.
      const target = document.querySelector(`ul.diag[data-path="${CSS.escape(d.path)}"]`);
      const control = target && target.closest('.field, .question') &&
        target.closest('.field, .question').querySelector('.value');
      if (control) {
        item.tabIndex = 0;
        item.classList.add('goto');
        const go = () => { control.scrollIntoView({block: 'center'}); control.focus(); };
        item.addEventListener('click', go);
        item.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
      }
      const beside = document.querySelector(`ul.diag[data-path="${CSS.escape(d.path)}"]`);
      if (beside) beside.append(el('li', {class: d.severity, text: `${d.code}: ${d.message}`}));
    }
  }
  panel.append(list);
}

// ------------------------------------------------------------------ saving

async function saveStudy() {
  clearTimeout(app.timer);
  if (app.pending.size) await flush(false);
  while (app.inFlight) await new Promise((r) => setTimeout(r, 50));
  await saveText(app.study.hash);
}

async function saveText(hash) {
  setStatus('Saving…');
  const {status, data} = await api('POST', '/api/save', {file: app.study.file, hash, text: app.study.text});
  if (status === 200) {
    app.study.hash = data.hash;
    app.study.disk = app.study.text;
    app.study.undo = true;
    const undo = $('#undo');
    if (undo) undo.disabled = false;
    saveDraft();
    refreshLive();
    setStatus(`Saved ${app.study.file}`);
  } else if (status === 409 && data.conflict) {
    showConflict(data);
    setStatus('Not saved: the file changed on disk');
  } else {
    setStatus(`Not saved: ${data.error || status}`);
    if (data.problems) showProblems(data.problems);
  }
}

function showConflict(data) {
  const box = $('#conflict');
  // Each side's lines, those the other side lacks marked, so the difference is found at a glance.
  const show = (target, text, other) => {
    const theirs = new Set(other.split('\n'));
    target.replaceChildren(...text.split('\n').map((line) =>
      el('span', {class: theirs.has(line) ? 'same' : 'differs'}, line, '\n')));
  };
  show($('#conflict-disk'), data.disk_text, data.your_text);
  show($('#conflict-yours'), data.your_text, data.disk_text);
  box.hidden = false;
  for (const pre of [$('#conflict-disk'), $('#conflict-yours')]) {
    const first = pre.querySelector('.differs');
    if (first) pre.scrollTop = Math.max(0, first.offsetTop - pre.offsetTop - 60);
  }
  const close = () => { box.hidden = true; };
  $('#conflict-keep-mine').onclick = async () => { close(); await saveText(data.disk_hash); };
  $('#conflict-take-disk').onclick = async () => {
    close();
    try { localStorage.removeItem(draftKey()); } catch (e) { /* nothing kept */ }
    await showStudy(app.study.file, app.study.index);
  };
  $('#conflict-close').onclick = close;
  $('#conflict-keep-mine').focus();
}

async function undoSave() {
  const {status, data} = await api('POST', '/api/undo', {file: app.study.file});
  if (status === 200) {
    await showStudy(app.study.file, app.study.index);
    setStatus('The last save was undone');
  } else if (status === 409 && data.conflict) {
    showConflict(data);
  } else {
    setStatus(data.error || `HTTP ${status}`);
  }
}

// ------------------------------------------------------------------ routes

async function route() {
  if (!app.form) {
    const {status, data} = await api('GET', '/api/form');
    if (status !== 200) { setStatus(data.error || `HTTP ${status}`); return; }
    app.form = data;
  }
  const match = /^#\/study\/([^/]+)\/(\d+)$/.exec(location.hash);
  if (match) await showStudy(decodeURIComponent(match[1]), parseInt(match[2], 10));
  else await showCorpus();
  $('#main').focus();
}

window.addEventListener('hashchange', route);
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === 's' && app.study && location.hash.startsWith('#/study/')) {
    event.preventDefault();
    saveStudy();
  }
  if (event.key === 'Escape' && !$('#conflict').hidden) $('#conflict').hidden = true;
});
route();
