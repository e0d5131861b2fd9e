"""The HTML report (审阅报告): one self-contained page people read in a browser.

Styles and the script are inline (no external file: the page opens offline, from a USB stick on
an office network). For several notices an overview comes first — one line per notice and bar
charts of domains and status across them (inline SVG) — then each notice: its header fields
and key figures, a table of pairs (labels in Chinese, with scores; pairs flagged for review
stand out), and the notice text with dates, amounts, document titles and each measure's
evidence marked (Okabe–Ito colours, readable with colour-blindness). A click on a pair jumps to
its place in the text. Filters by domain, status and review, and a search box, update the counts.

>>> import nlp
>>> page = report_html([nlp.to_record(nlp.parse("二、整改情况\\n(一)“台账不全”问题\\n整改情况:2023年3月已建立台账。"))])
>>> page.startswith("<!DOCTYPE html>") and "台账不全" in page and "<script>" in page
True
"""

from __future__ import annotations

from collections import Counter
from html import escape

from nlp.export.rows import label_name

HEADER_FIELDS = (("title", "标题"), ("issuer", "发布单位"), ("inspected_unit", "被巡察单位"),
                 ("inspection_body", "巡察组"), ("inspection_start", "巡察开始"), ("inspection_end", "巡察结束"),
                 ("feedback_date", "反馈日期"), ("publish_date", "发布日期"))
SUMMARY_NAMES = {"issues_total": "问题总数", "issues_completed": "已完成", "issues_ongoing": "推进中",
                 "completion_rate": "完成率", "rules_made": "建立制度", "funds_recovered_yuan": "追缴资金(元)",
                 "people_disciplined": "处分人数", "clues_transferred": "移交线索", "measures_total": "整改措施"}
#: text marks: record key → (css class, Chinese name); colours in STYLE
MARKS = {"dates": ("m-date", "日期"), "money": ("m-money", "金额"), "titles": ("m-title", "文件"),
         "evidence": ("m-evidence", "措施依据")}

STYLE = """
:root { --date:#56B4E9; --money:#E69F00; --title:#009E73; --evidence:#CC79A7; --review:#D55E00; --issue:#F0E442; }
body { font-family: "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 0 1em 3em; color: #222; line-height: 1.6; }
header.top { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ccc; padding: .5em 0; z-index: 2; }
.controls { display: flex; flex-wrap: wrap; gap: .6em; align-items: center; }
.controls select, .controls input { font: inherit; padding: .1em .3em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
th, td { border: 1px solid #ddd; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
tr.review td:first-child { border-left: 4px solid var(--review); }
tr.review .flag { color: var(--review); font-weight: bold; }
table.pairs th:nth-child(2) { width: 22%; } table.pairs th:nth-child(3) { width: 42%; }
td.response { font-size: .92em; }
.score { color: #666; font-size: .85em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; }
dl.meta dt { color: #555; }
.figures span { display: inline-block; margin-right: 1.2em; }
.text { white-space: pre-wrap; border: 1px solid #eee; padding: .8em; background: #fcfcfc; }
.m-date { background: color-mix(in srgb, var(--date) 35%, white); }
.m-money { background: color-mix(in srgb, var(--money) 40%, white); }
.m-title { background: color-mix(in srgb, var(--title) 30%, white); }
.m-evidence { border-bottom: 2px solid var(--evidence); }
.anchor:target, .anchor.hit { outline: 3px solid var(--issue); }
.legend span { margin-right: 1em; padding: 0 .3em; }
svg text { font-size: 12px; font-family: inherit; }
.hidden { display: none; }
.quality { color: #0072B2; font-size: .85em; }
"""

SCRIPT = """
(function () {
  const rows = Array.from(document.querySelectorAll('tr.pair'));
  const domain = document.getElementById('f-domain'), status = document.getElementById('f-status');
  const review = document.getElementById('f-review'), search = document.getElementById('f-search');
  const count = document.getElementById('count');
  function apply() {
    const q = search.value.trim();
    let shown = 0;
    rows.forEach(function (row) {
      const ok = (!domain.value || row.dataset.domain === domain.value)
        && (!status.value || row.dataset.status === status.value)
        && (!review.checked || row.dataset.review === '1')
        && (!q || row.textContent.indexOf(q) >= 0);
      row.classList.toggle('hidden', !ok);
      if (ok) shown += 1;
    });
    count.textContent = '显示 ' + shown + ' / ' + rows.length + ' 个问题';
  }
  [domain, status, review].forEach(function (el) { el.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  document.querySelectorAll('a.jump').forEach(function (a) {
    a.addEventListener('click', function () {
      document.querySelectorAll('.anchor.hit').forEach(function (el) { el.classList.remove('hit'); });
      const target = document.getElementById(a.getAttribute('href').slice(1));
      if (target) { target.classList.add('hit'); }
    });
  });
  apply();
})();
"""


def report_html(records: list[dict], title: str = "整改通报审阅报告") -> str:
    """The report page of ``records`` (the record contract), one string."""
    pairs = [(p, r) for r in records for p in r.get("pairs") or []]
    domains = sorted({(p["domain"]["label"], label_name(p["domain"])) for p, _ in pairs if p.get("domain")})
    statuses = sorted({(p["status"]["label"], label_name(p["status"])) for p, _ in pairs if p.get("status")})
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
             f'<header class="top"><h1>{escape(title)}</h1>{_controls(domains, statuses)}</header>']
    if len(records) > 1:
        parts.append(_overview(records))
    parts += [_notice(record, n) for n, record in enumerate(records, start=1)]
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts)


def _controls(domains: list[tuple[str, str]], statuses: list[tuple[str, str]]) -> str:
    def select(ident: str, name: str, options: list[tuple[str, str]]) -> str:
        items = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in options)
        return f'<label>{name} <select id="{ident}"><option value="">全部</option>{items}</select></label>'

    legend = "".join(f'<span class="{cls}">{name}</span>' for cls, name in MARKS.values())
    return (f'<div class="controls">{select("f-domain", "监督领域", domains)}{select("f-status", "整改状态", statuses)}'
            '<label><input type="checkbox" id="f-review"> 仅看需复核</label>'
            '<label>搜索 <input type="search" id="f-search" placeholder="问题或整改情况中的文字"></label>'
            f'<span id="count"></span><span class="legend">{legend}</span></div>')


def _overview(records: list[dict]) -> str:
    rows = []
    for n, record in enumerate(records, start=1):
        summary, meta = record.get("summary") or {}, record.get("meta") or {}
        name = meta.get("title") or (record.get("source") or {}).get("path") or f"通报{n}"
        money = round(sum(m["yuan"] for m in record.get("money") or []), 2)
        rate = summary.get("completion_rate")
        cells = [f'<a href="#n{n}">{escape(name)}</a>', len(record.get("pairs") or []),
                 summary.get("issues_completed", ""), summary.get("issues_ongoing", ""),
                 "" if rate is None else f"{rate:.0%}", money]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    pairs = [p for r in records for p in r.get("pairs") or []]
    domains = Counter(label_name(p.get("domain")) for p in pairs if p.get("domain"))
    statuses = Counter(label_name(p.get("status")) for p in pairs if p.get("status"))
    return ('<section id="overview"><h2>总览</h2><table><thead><tr><th>通报</th><th>问题</th><th>已完成</th>'
            "<th>推进中</th><th>完成率</th><th>金额(元)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            + bar_chart("监督领域分布", domains) + bar_chart("整改状态分布", statuses) + "</section>")


def bar_chart(title: str, counts: Counter) -> str:
    """A horizontal bar chart as inline SVG (labels in Chinese, counts at the bar ends).

    >>> "<svg" in bar_chart("状态", Counter({"已完成": 3, "持续推进": 1}))
    True
    """
    items = counts.most_common()
    if not items:
        return ""
    width, label_w, bar_h = 640, 170, 22
    top = max(v for _, v in items)
    bars = []
    for i, (label, value) in enumerate(items):
        y = 28 + i * (bar_h + 6)
        length = (width - label_w - 60) * value / top
        bars.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
                    f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="#0072B2"/>'
                    f'<text x="{label_w + length + 6:.1f}" y="{y + 15}">{value}</text>')
    height = 36 + len(items) * (bar_h + 6)
    return (f'<figure><svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><text x="0" y="16" font-weight="bold">{escape(title)}</text>'
            + "".join(bars) + "</svg></figure>")


def _notice(record: dict, n: int) -> str:
    meta, summary = record.get("meta") or {}, record.get("summary") or {}
    heading = meta.get("title") or (record.get("source") or {}).get("path") or f"通报{n}"
    fields = "".join(f"<dt>{name}</dt><dd>{escape(str(meta.get(key) or '—'))}</dd>" for key, name in HEADER_FIELDS)
    figures = "".join(f"<span>{SUMMARY_NAMES.get(k, k)}: {_figure(k, v)}</span>" for k, v in summary.items())
    return (f'<section class="notice" id="n{n}"><h2>{escape(heading)}</h2><dl class="meta">{fields}</dl>'
            f'<div class="figures">{figures or "未载明关键数据"}</div>{_pair_table(record, n)}'
            f'<h3>通报全文</h3><div class="text">{marked_text(record, n)}</div></section>')


def _figure(key: str, value: float) -> str:
    return f"{value:.1%}" if key == "completion_rate" else f"{value:g}"


def _pair_table(record: dict, n: int) -> str:
    rows = []
    for pair in record.get("pairs") or []:
        domain, status = pair.get("domain") or {}, pair.get("status") or {}
        review = bool(domain.get("needs_review"))
        measures = "、".join(m["name"] for m in pair.get("measures") or [])
        flag = ('<span class="flag">需复核</span>' if review else "") + quality_badges(pair)
        rows.append(
            f'<tr class="pair{" review" if review else ""}" data-domain="{escape(domain.get("label", ""))}" '
            f'data-status="{escape(status.get("label", ""))}" data-review="{int(review)}">'
            f'<td><a class="jump" href="#n{n}-{pair["id"]}">{escape(pair["no"])}</a> {flag}</td>'
            f'<td>{escape(pair["issue"]["text"])}</td><td class="response">{escape(pair["response"]["text"])}</td>'
            f"<td>{escape(label_name(domain))}{_score(domain)}</td><td>{escape(measures)}</td>"
            f"<td>{escape(label_name(status))}{_score(status)}</td></tr>")
    return ('<table class="pairs"><thead><tr><th>编号</th><th>问题</th><th>整改情况</th><th>监督领域</th>'
            "<th>整改措施</th><th>整改状态</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def quality_label(pair: dict) -> str:
    """模板 (with the pairs copied) and 空泛, as the reader sees them; "" for a plain answer.

    >>> quality_label({"response_quality": {"copied_from": ["p018"], "vague": True}})
    '模板答复(p018) 空泛答复'
    """
    quality = pair.get("response_quality") or {}
    parts = [f"模板答复({','.join(quality['copied_from'])})"] if quality.get("copied_from") else []
    return " ".join(parts + (["空泛答复"] if quality.get("vague") else []))


def quality_badges(pair: dict) -> str:
    label = quality_label(pair)
    return f' <span class="quality">{escape(label)}</span>' if label else ""


def _score(label: dict) -> str:
    return f' <span class="score">{label["score"]:.2f}</span>' if label.get("score") is not None else ""


def marked_text(record: dict, n: int) -> str:
    """The notice text as HTML: marks on dates, amounts, outer titles and measure evidence, and an
    anchor at each pair's issue (``n{n}-p001``) for the table's links."""
    text = record["text"]
    classes: list[set[str]] = [set() for _ in text]
    spans = [(m["start"], m["end"], MARKS[key][0]) for key in ("dates", "money") for m in record.get(key) or []]
    spans += [(t["start"], t["end"], MARKS["titles"][0]) for t in record.get("titles") or [] if not t.get("nested")]
    spans += [(m["start"], m["end"], MARKS["evidence"][0]) for p in record.get("pairs") or []
              for m in p.get("measures") or []]
    for start, end, cls in spans:
        for i in range(max(start, 0), min(end, len(text))):
            classes[i].add(cls)
    anchors = {p["issue"]["start"]: f"n{n}-{p['id']}" for p in record.get("pairs") or []}
    out, i = [], 0
    while i < len(text):
        if i in anchors:
            out.append(f'<span class="anchor" id="{anchors[i]}"></span>')
        j = i + 1
        while j < len(text) and classes[j] == classes[i] and j not in anchors:
            j += 1
        chunk = escape(text[i:j])
        out.append(f'<span class="{" ".join(sorted(classes[i]))}">{chunk}</span>' if classes[i] else chunk)
        i = j
    return "".join(out)


def compare_html(a: dict, b: dict, result: dict, title: str = "通报比对") -> str:
    """Two notices side by side: matched issues on one line, each side's own issues below."""
    def name(record: dict) -> str:
        meta = record.get("meta") or {}
        return escape(meta.get("title") or (record.get("source") or {}).get("path") or "")

    rows = [f'<tr><td>{m["a"]["index"]}. {escape(m["a"]["issue"])}</td><td class="score">{m["similarity"]:.2f}</td>'
            f'<td>{m["b"]["index"]}. {escape(m["b"]["issue"])}</td></tr>' for m in result["matched"]]
    rows += [f'<tr class="review"><td>{x["index"]}. {escape(x["issue"])}</td><td>仅A</td><td></td></tr>'
             for x in result["only_a"]]
    rows += [f'<tr class="review"><td></td><td>仅B</td><td>{x["index"]}. {escape(x["issue"])}</td></tr>'
             for x in result["only_b"]]
    summary = (f"匹配 {len(result['matched'])} 个问题，仅A {len(result['only_a'])} 个，仅B {len(result['only_b'])} 个，"
               f"状态变化 {len(result['status_changes'])} 个，复用的整改情况 {len(result['reused_responses'])} 处")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
            f"<p>{summary}</p><table><thead><tr><th>A：{name(a)}</th><th>相似度</th><th>B：{name(b)}</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table></body></html>")
