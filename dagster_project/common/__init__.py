"""Common: what every stage may use, and nothing else of ours.

The settings of a deployment (`settings`, the one reader of the environment), the
points where a fault test may stop a process (`fault_points`), SQL quoting (`sql`) and
input text made inert in Markdown (`markdown_text`). May import: `catalog` only.
"""
