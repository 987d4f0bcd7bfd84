"""Word documents the product writes: the GB/T 9704 layout, the 实施方案 and the 活动总结 draft."""
