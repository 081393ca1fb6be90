"""Copy That benchmarks: accuracy and speed on rendered pages and photos, beside peer libraries."""
