"""Help › Keyboard Shortcuts and Help › Flags Explained: read-only, non-modal text windows."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from effortplanner.analysis.flag_help import FLAG_HELP

EXTRA_KEYS = (("Ctrl+wheel (timeline)", "Zoom around the cursor"), ("Enter / Tab (cell)", "Commit what you typed"),
              ("Escape (cell)", "Leave the cell unchanged"), ("Double-click a flag", "Go to its duty or person"))


def shortcuts_html(actions: dict[str, QAction]) -> str:
    """Every menu action with a shortcut, as a table."""
    rows = []
    for name, action in actions.items():
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "")
        if key:
            rows.append((f"Show the {text} tab" if name.startswith("tab_") else text, key))
    rows.sort(key=lambda r: r[0].casefold())
    body = "".join(f"<tr><td>{escape(t)}</td><td><b>{escape(k)}</b></td></tr>" for t, k in rows)
    body += "".join(f"<tr><td>{escape(t)}</td><td><b>{escape(k)}</b></td></tr>" for k, t in EXTRA_KEYS)
    return f"<h3>Keyboard shortcuts</h3><table cellpadding=3>{body}</table>"


def flags_html() -> str:
    parts = ["<h3>Flags explained</h3><p>Errors need a decision before the plan holds; warnings are worth a "
             "look; notes say where the plan guessed.</p>"]
    for title, meaning, todo in FLAG_HELP.values():
        parts.append(f"<p><b>{escape(title)}</b><br>{escape(meaning)}<br><i>What to do:</i> {escape(todo)}</p>")
    return "".join(parts)


def show_text(parent: QWidget, title: str, html: str) -> QDialog:
    """The help window `title`, brought to the front if it is open already (F1 twice: one window)."""
    for shown in parent.findChildren(QDialog):
        if shown.windowTitle() == title and shown.isVisible():
            shown.raise_()
            shown.activateWindow()
            return shown
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    text = QTextBrowser()
    text.setHtml(html)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    dialog.resize(560, 520)
    dialog.show()  # not modal: read it beside the window
    return dialog
