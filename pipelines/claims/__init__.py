"""Claim extraction: figures and dates in article text become normalized claims."""
