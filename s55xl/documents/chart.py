"""The progress paper's picture: recommendations by status, one bar per report.

Drawn with matplotlib's Agg backend (no screen needed), imported only when a chart is drawn so
nothing else pays for it. The picture is a PNG of fixed size and resolution; the colours follow
the status's meaning (complete green, not started grey…) and every bar segment is labelled with
its count, so it reads in black and white too. The caller chooses the bars: a readable chart
has at most :data:`MAX_BARS` of them.
"""

from __future__ import annotations

import io

COLOURS = {"Not started": "#A6A6A6", "In progress": "#2E75B6", "Awaiting others": "#FFC000",
           "Complete": "#70AD47", "No action proposed": "#7030A0", "Not given": "#D9D9D9"}
WIDTH_INCHES = 6.3
MAX_BARS = 25
DPI = 150


def status_chart(rows: list[tuple[str, dict[str, int]]], statuses: list[str],
                 title: str = "") -> bytes:
    """A PNG: for each (label, {status: count}) a horizontal bar stacked by ``statuses``;
    ``title`` "" means none."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    height = 1.2 + 0.45 * max(len(rows), 1)
    fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    ax = fig.add_subplot()
    labels = [label for label, _ in rows]
    left = [0] * len(rows)
    for status in statuses:
        counts = [c.get(status, 0) for _, c in rows]
        if not any(counts):
            continue
        bars = ax.barh(labels, counts, left=left, color=COLOURS.get(status, "#BFBFBF"),
                       label=status, edgecolor="white")
        ax.bar_label(bars, labels=[str(n) if n else "" for n in counts], label_type="center",
                     fontsize=8)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.invert_yaxis()
    if title:
        ax.set_title(title, fontsize=9, pad=22)
    ax.set_xlabel("Recommendations")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    if any(left):
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8,
                  frameon=False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
