"""Write: the only writer of the output folder: stage a new site, then swap it in whole."""
