"""``s55xl serve``: the buttons' Python run centrally for desktops where nothing can be installed."""
