"""Lotse: a static site generator for regional continuing-education guides.

The build is a one-way pipeline, one module per step:

    load      read YAML and Markdown files, keep line/column of every value
    validate  check records against the declarations in ``records``, collect problems
    model     turn valid records into the guide: links resolved, publishing applied
    plan      decide every output: its URL, its template, its data (``urls`` names paths)
    render    turn planned pages into bytes (HTML via Jinja, plus feeds, calendars, JSON)
    index     build the Pagefind search index from the rendered pages
    write     put the finished site in place, all or nothing

``pipeline`` runs them in order; ``cli`` is the command line.
"""

__version__ = "0.1.0"
