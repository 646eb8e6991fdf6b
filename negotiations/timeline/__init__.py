"""The analysts' timeline: stance facts from the database, page data, and chart geometry.

``facts`` turns published stances (and, for "as known on", the history tables) into the pure
engine's ``StanceFact`` rows; ``selectors`` assembles each page's data in a fixed number of
queries; ``charts`` maps it to SVG coordinates.
"""
