"""Inflection: Russian (pymorphy3 plus declension rules) and Mongolian (case suffixes).

Both run only in the compiler, once per term; never per token at scan time.
"""
