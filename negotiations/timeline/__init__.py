"""The analysts' pages: stance facts from the database, page data, and chart geometry.

``facts`` turns published stances (and, for "as known on", the history tables) into the pure
engine's ``StanceFact`` rows; ``selectors`` assembles the timeline page and ``pages`` the
home, demand and party pages, each in a fixed number of queries; ``feed`` pages through the
statements; ``forms`` reads the filters; ``charts`` maps the numbers to SVG coordinates.
"""
