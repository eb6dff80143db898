"""The command line: thin layers over load, check, render, write, build and search; exit codes live
here.
"""
