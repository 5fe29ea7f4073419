"""Service mode (issue 13): PostgreSQL-backed Dagster with the daemon and the webserver as
separate processes. Embedded mode (`make run`) uses none of this. May import everything
below it (`orchestration` and the stages).
"""
