"""Safeguarding across the site: the help shown when a message suggests someone is at risk
(``help``), and the staff's "Needs attention" queue of flagged answers, comments and reports."""
