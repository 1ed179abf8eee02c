#!/usr/bin/env python3
"""Reference grader for the engine benchmark: a straightforward exact-decimal implementation of the
`pingshen grade` contract (scheme JSON + case JSON -> results JSON), standard library only.

It covers what the benchmark's case uses: weighted sheet totals with max/step/required checks,
recused sheets left out, mean/median/trimmed aggregation with quorum, rounding half-up once, the
spread flag, vetoes, and quota-band grading per group (Shanghai 沪科规〔2022〕2号) or thresholds, and
competition ranks within each group. Every number is a decimal.Decimal read from the JSON text.

    python3 tests/bench/reference/grade.py scheme.json case.json out.json
"""
import json
import sys
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, getcontext

getcontext().prec = 60


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal, parse_int=Decimal)


def round_half_up(value, decimals):
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def share_of_count(share, n, rounding):
    mode = {"floor": ROUND_FLOOR, "ceil": ROUND_CEILING, "round": ROUND_HALF_UP}[rounding]
    return int((share * n).quantize(Decimal(1), rounding=mode))


def sheet_total(criteria, scores):
    total = Decimal(0)
    for c in criteria:
        score = scores.get(c["id"])
        if score is None:
            if c.get("required", True):
                raise ValueError(f"missing score {c['id']}")
            continue
        if score < 0 or score > c["max"]:
            raise ValueError(f"score {score} out of range for {c['id']}")
        step = c.get("step")
        if step is not None and score % step != 0:
            raise ValueError(f"score {score} is not a multiple of {step}")
        total += score * c.get("weight", Decimal(1))
    unknown = set(scores) - {c["id"] for c in criteria}
    if unknown:
        raise ValueError(f"unknown criteria {sorted(unknown)}")
    return total


def aggregate(totals, agg):
    method = agg["method"]
    trim = int(agg.get("trim") or 1)
    min_for_trim = int(agg.get("minForTrim") or 5)
    quorum = int(agg.get("quorum") or 3)
    decimals = int(agg.get("decimals") if agg.get("decimals") is not None else 2)
    spread_limit = agg.get("spreadLimit")
    ordered = sorted(totals)
    n = len(ordered)
    flags = []
    if spread_limit is not None and n >= 2 and ordered[-1] - ordered[0] > spread_limit:
        flags.append("spread")
    if n == 0 or n < quorum:
        return None, "incomplete", flags
    if method == "median":
        mid = n // 2
        value = ordered[mid] if n % 2 == 1 else (ordered[mid - 1] + ordered[mid]) / 2
    else:
        kept = ordered[trim : n - trim] if method == "trimmed" and n >= min_for_trim else ordered
        value = sum(kept, Decimal(0)) / len(kept)
    return round_half_up(value, decimals), "graded", flags


def quota_bands(members, grading):
    grades = {}
    graded = [m for m in members if m["score"] is not None]
    n = len(graded)
    bottom = grading["bottom"]
    fail_quota = share_of_count(bottom["share"], n, bottom["rounding"])
    caps = [share_of_count(b["cumulativeShare"], n, b["rounding"]) for b in grading["top"]]
    for j in range(len(caps) - 2, -1, -1):
        caps[j] = min(caps[j], caps[j + 1])
    failed = 0
    others = []
    below = bottom.get("below")
    for m in graded:
        if m["vetoed"] or (below is not None and m["score"] < below):
            grades[m["id"]] = bottom["grade"]
            failed += 1
        else:
            others.append(m)
    others.sort(key=lambda m: (m["score"], m["id"]))

    def block_end(seq, start):
        end = start + 1
        while end < len(seq) and seq[end]["score"] == seq[start]["score"]:
            end += 1
        return end

    low = 0
    while failed < fail_quota and low < len(others):
        end = block_end(others, low)
        if failed + (end - low) > fail_quota and bottom["ties"] == "spare":
            break
        for m in others[low:end]:
            grades[m["id"]] = bottom["grade"]
        failed += end - low
        low = end
    remaining = list(reversed(others[low:]))
    position = 0
    for j, band in enumerate(grading["top"]):
        while position < len(remaining):
            end = block_end(remaining, position)
            min_score = band.get("minScore")
            if end > caps[j] or (min_score is not None and remaining[position]["score"] < min_score):
                break
            for m in remaining[position:end]:
                grades[m["id"]] = band["grade"]
            position = end
    for m in remaining[position:]:
        grades[m["id"]] = grading["middle"]
    return grades


def threshold_grade(score, vetoed, grading):
    levels = grading["levels"]
    if score is None:
        return None
    if vetoed:
        return levels[-1]["grade"]
    for level in levels:
        if level.get("min") is None or score >= level["min"]:
            return level["grade"]
    return levels[-1]["grade"]


def ranks_in_group(members):
    ranks = {}
    graded = [m for m in members if m["score"] is not None]
    for m in members:
        if m["score"] is None:
            ranks[m["id"]] = None
    graded.sort(key=lambda m: (m["vetoed"], -m["score"]))
    previous = None
    for i, m in enumerate(graded):
        tied = previous is not None and previous["vetoed"] == m["vetoed"] and previous["score"] == m["score"]
        ranks[m["id"]] = ranks[previous["id"]] if tied else i + 1
        previous = m
    return ranks


def grade(scheme, case):
    criteria = scheme["rubric"]["criteria"]
    totals = {}
    for sheet in case["sheets"]:
        if sheet.get("recused"):
            continue
        totals.setdefault(sheet["itemId"], []).append(sheet_total(criteria, sheet["scores"]))
    results = []
    groups = {}
    for item in case["items"]:
        item_totals = totals.get(item["id"], [])
        vetoed = item.get("vetoed") is True
        score, status, flags = aggregate(item_totals, scheme["aggregation"])
        if vetoed:
            flags.append("vetoed")
        group = item.get("group", "")
        results.append(
            {"itemId": item["id"], "group": group, "score": score, "grade": None, "rank": None,
             "status": status, "experts": len(item_totals), "flags": flags}
        )
        groups.setdefault(group, []).append({"id": item["id"], "score": score, "vetoed": vetoed})
    grades = {}
    ranks = {}
    grading = scheme["grading"]
    for members in groups.values():
        if grading["kind"] == "quota":
            grades.update(quota_bands(members, grading))
        else:
            grades.update({m["id"]: threshold_grade(m["score"], m["vetoed"], grading) for m in members})
        ranks.update(ranks_in_group(members))
    for r in results:
        r["grade"] = grades.get(r["itemId"])
        r["rank"] = ranks.get(r["itemId"])
    return {"scheme": scheme["id"], "results": results}


class DecimalEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return float(o) if o != o.to_integral_value() else int(o)
        return super().default(o)


def main():
    scheme_path, case_path, out_path = sys.argv[1:4]
    output = grade(load(scheme_path), load(case_path))
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(output, f, ensure_ascii=False, indent=2, cls=DecimalEncoder)


if __name__ == "__main__":
    main()
