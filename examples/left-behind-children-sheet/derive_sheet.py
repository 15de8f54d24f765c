#!/usr/bin/env python3
"""Writes characteristics.csv and characteristics-map.toml from the example
corpus (../left-behind-children): every fact of every study (not the
appraisals) as one row, the way a review team's extraction sheet holds them.
The sheet is checked in; tests/import compares what `appraise import sheet`
makes of it with the corpus itself, so this script is only the record of how
the sheet was made. Run: python3 derive_sheet.py"""
import csv, glob, io, os, tomllib

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, '..', 'left-behind-children', 'studies')

studies = []
for f in sorted(glob.glob(os.path.join(corpus, '*.toml'))):
    d = tomllib.load(open(f, 'rb'))
    studies += d['study'] if 'study' in d else [d]

SECTIONS = ['design', 'sample', 'baseline', 'blinding', 'attrition', 'followup', 'intervention', 'analysis',
            'reporting', 'coding', 'custom']
LISTS = {'authors', 'tags', 'sample.arms', 'sample.arms_lost', 'sample.arms_analysed', 'design.clusters_per_arm',
         'intervention.disciplines', 'intervention.components', 'intervention.mode', 'coding.sources',
         'attrition.completion', 'outcomes.means', 'outcomes.sds', 'outcomes.n', 'outcomes.percents'}
PERCENT = {'attrition.completion', 'sample.participation'}
DESIGNS = {'rct': 'RCT', 'cluster-rct': 'Cluster RCT', 'non-randomised-controlled': 'Non-randomised controlled',
           'controlled-before-after': 'Controlled before-after', 'pre-post': 'Before-after, no control'}
NUMBER_OR_LIST = {'attrition.completion', 'outcomes.means', 'outcomes.sds', 'outcomes.percents'}

# Columns in first-seen order: top-level facts, then each section's, then outcomes 1..3.
order = []
def note(path):
    if path not in order:
        order.append(path)
for s in studies:
    for k, v in s.items():
        if k in ('appraisal', 'outcomes') or isinstance(v, dict) and k in SECTIONS:
            continue
        note(k)
for section in SECTIONS:
    for s in studies:
        for k in s.get(section, {}):
            note(section + '.' + k)
max_outcomes = max(len(s.get('outcomes', [])) for s in studies)
outcome_keys = []
for s in studies:
    for o in s.get('outcomes', []):
        for k in o:
            if k not in outcome_keys:
                outcome_keys.append(k)

def label(path, outcome=None):
    if outcome:
        return f'Outcome {outcome}: {path.split(".")[1].replace("_", " ")}'
    if '.' not in path:
        return path.replace('_', ' ').capitalize()
    section, key = path.split('.')
    return f'{section.capitalize()}: {key.replace("_", " ")}'

def text(path, value):
    if isinstance(value, dict):
        value = value['value']
    if isinstance(value, bool):
        return 'Yes' if value else 'No'
    if isinstance(value, list):
        return '; '.join(text(path, v) for v in value)
    if path in PERCENT:
        return repr(round(value * 100, 10)).removesuffix('.0') + '%'
    if path == 'design.type' and value in DESIGNS and DESIGNS[value]:
        return DESIGNS[value]
    return str(value)

columns = []  # (header, path, outcome)
for path in order:
    columns.append((label(path), path, None))
    if path == 'design.comparator':
        columns += [('Comparator quote', path, 'support'), ('Comparator page', path, 'at'),
                    ('Comparator source', path, 'source')]
for n in range(1, max_outcomes + 1):
    for k in outcome_keys:
        columns.append((label('outcomes.' + k, n), 'outcomes.' + k, n))

rows = []
for s in studies:
    row = []
    for header, path, extra in columns:
        if isinstance(extra, int):
            outcomes = s.get('outcomes', [])
            value = outcomes[extra - 1].get(path.split('.')[1]) if extra <= len(outcomes) else None
        else:
            value = s
            for part in path.split('.'):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(extra, str):
                value = value.get(extra) if isinstance(value, dict) else None
        if isinstance(value, list) and len(value) == 1 and path in NUMBER_OR_LIST:
            raise SystemExit(f'{s["id"]}: a one-element {path} list would import as a number')
        row.append('' if value is None else (value if isinstance(extra, str) else text(path, value)))
    rows.append(row)

out = io.StringIO()
w = csv.writer(out, lineterminator='\r\n')
w.writerow([c[0] for c in columns])
w.writerows(rows)
open(os.path.join(here, 'characteristics.csv'), 'w', encoding='utf-8', newline='').write(out.getvalue())

def toml_string(t):
    return '"' + t.replace('\\', '\\\\').replace('"', '\\"') + '"'

m = ['# The MAP of characteristics.csv: which column is which field of the study format.',
     '# appraise import sheet characteristics.csv --map characteristics-map.toml -o studies',
     '', '[columns]']
for header, path, extra in columns:
    key = toml_string(header)
    if isinstance(extra, str):
        m.append(f'{key} = {{ {extra}_for = "{path}" }}')
        continue
    spec = [f'field = "{path}"']
    if path == 'design.type':
        spec.append('values = { ' + ', '.join(f'{toml_string(v)} = "{k}"' for k, v in DESIGNS.items() if v) + ' }')
    if path in LISTS:
        spec.append('split = ";"')
    if path in PERCENT:
        spec.append('percent = true')
    if isinstance(extra, int):
        spec.append(f'outcome = {extra}')
    m.append(f'{key} = ' + (f'"{path}"' if len(spec) == 1 else '{ ' + ', '.join(spec) + ' }'))
open(os.path.join(here, 'characteristics-map.toml'), 'w', encoding='utf-8').write('\n'.join(m) + '\n')
print(len(rows), 'rows,', len(columns), 'columns')
