#!/usr/bin/env python3
"""Re-derives examples/left-behind-children-coder-b from coder A's corpus.

Coder B's corpus is A's with the disagreements listed in its README. When A's
codings change (new answers, new fields), run this from the source folder,
then refresh the golden report:

    python3 tests/data/agreement/derive_coder_b.py
    NO_COLOR=1 build/bin/appraise agree examples/left-behind-children \
        examples/left-behind-children-coder-b -j 1 > tests/data/agreement/left-behind-children.txt

and review both diffs. An edit whose text is no longer in A fails loudly.
"""
import pathlib
import shutil

A = pathlib.Path("examples/left-behind-children")
B = pathlib.Path("examples/left-behind-children-coder-b")

# (file, text in A, text in B): each must occur exactly once in A's file.
EDITS = [
    ("huang-2015-nursing.toml", "completion = 0.92", "completion = 0.72"),
    ("huang-2015-nursing.toml", "concealment = false\n", ""),
    ("huang-2015-nursing.toml", '"1.1" = "PY"', '"1.1" = "Y"'),
    ("huang-2015-nursing.toml", '"1.4" = "PN"', '"1.4" = "NI"'),
    ("lan-2009-sport.toml", "arms = [45, 43]", "arms = [45, 34]"),
    ("yang-2020-education.toml", 'analysis = "per-protocol"', 'analysis = "completers"'),
    ("fang-2022-parent.toml", "weeks_after = 12", "weeks_after = 4"),
    ("zhou-2019-cbt.toml", 'instrument = "UCLA Loneliness Scale, version 3, Chinese version"\nvalidated = true',
     'instrument = "UCLA Loneliness Scale, version 3, Chinese version"\nvalidated = false'),
    ("wang-2018-nutrition.toml", 'tags = ["nutrition", "education"]', 'tags = ["nutrition"]'),
    ("chen-2017-sport.toml", "[attrition]\nanalysed = 117\n", '[attrition]\nanalysed = 117\nanalysis = "completers"\n'),
    ("tang-2012-education.toml", 'type = "non-randomised-controlled"', 'type = "controlled-before-after"'),
    ("liu-2016-nursing.toml", '"1.2" = "NI"', '"1.2" = "PN"'),
    ("fang-2022-parent.toml", '"2.6" = "PY"', '"2.6" = "Y"'),
    # Answers only a reviewer gives (JBI, MMAT): judgement calls two reviewers may make differently.
    ("chen-2017-sport.toml", 'q7 = "unclear"', 'q7 = "no"'),
    ("li-2021-qualitative.toml", '"1.3" = "cant-tell"', '"1.3" = "yes"'),
    ("ma-2008-education.toml", 's2 = "cant-tell"', 's2 = "no"'),
    ("tang-2012-education.toml", 'q3 = "unclear"', 'q3 = "no"'),
    # RoB 2 answers coder B reads differently (README: issue 14's cluster variant, chen 3.1a).
    ("chen-2017-sport.toml", '"3.1a" = "Y"', '"3.1a" = "PY"'),
    ("li-2021-qualitative.toml",
     'q6 = "unclear"   # no statement of the researchers\' own cultural or theoretical position',
     'q6 = "yes"       # took the named social support theory as locating the researchers'),
    ("multi-site-programmes.toml", "# reported; arms similar at baseline.",
     "# reported; coder B reads the whole-school recruitment as leaving no room to\n"
     "# select children by arm; arms similar at baseline."),
    ("multi-site-programmes.toml", '"1b.2" = "NI"', '"1b.2" = "PN"'),
    ("wang-2018-nutrition.toml",
     "# Domain 1b (cluster variant): schools enrolled before the lottery, but when\n"
     "# the children were sampled from them is not reported; arms similar at\n"
     "# baseline. Every school was followed up (ITT of all 1410).\n"
     '"1b.1" = "NI"\n"1b.2" = "NI"\n',
     "# Domain 1b (cluster variant): schools enrolled before the lottery; coder B\n"
     "# reads the random sample of children as drawn from the rosters the schools\n"
     "# sent in when they enrolled; arms similar at baseline. Every school was\n"
     "# followed up (ITT of all 1410).\n"
     '"1b.1" = "PY"\n'),  # 1b.2 is asked only after a no: B leaves it out
]

# Appraisals coder B did not code at all (replication-barriers adequacy): the
# block from its comment to the next blank line is left out.
DROPPED_BLOCKS = [
    ("chen-2017-sport.toml", "# Replication barriers"),
    ("deng-2011-counselling.toml", "# Replication barriers"),
    ("wang-2018-nutrition.toml", "# Replication barriers"),
    ("zhou-2019-cbt.toml", "# Replication barriers"),
]

readme = (B / "README.md").read_text(encoding="utf-8")
shutil.rmtree(B)
shutil.copytree(A, B)
(B / "README.md").write_text(readme, encoding="utf-8")
for name, old, new in EDITS:
    path = B / "studies" / name
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise SystemExit(f"{path}: expected exactly one {old!r}, found {text.count(old)}")
    path.write_text(text.replace(old, new), encoding="utf-8")
for name, marker in DROPPED_BLOCKS:
    path = B / "studies" / name
    text = path.read_text(encoding="utf-8")
    start = text.find("\n\n" + marker)
    if start < 0 or text.count(marker) != 1:
        raise SystemExit(f"{path}: expected exactly one block starting {marker!r}")
    end = text.find("\n\n", start + 2)
    path.write_text(text[:start] + (text[end:] if end >= 0 else "\n"), encoding="utf-8")
