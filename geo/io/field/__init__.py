"""The inspectors' field loop: the form (:mod:`~.form`), the sites sent to phones
(:mod:`~.outbound`) and the submissions that come back (:mod:`~.submissions`), which
become inspections, status records and photos kept as evidence, through the same
preview, problems and revert as any import."""
