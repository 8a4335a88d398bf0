"""Everything kept between builds (``.cache/``), behind one interface."""
