-- Cart recovery schema, version 6, PostgreSQL: more free room in the pages of cr_sequence. A step writes three
-- versions of its sequence's row (the scheduler's pick, the claim, the completion); the first two change no
-- indexed column and stay on the page (HOT) only while it has room for them, so that no index entry is added.
-- At 40 a page keeps about five sequences and room for about eight new versions; a million active sequences then
-- take about 1.5 GB instead of 0.9 GB. Pages written before this version fill up as before until they are
-- rewritten (VACUUM FULL or pg_repack, if the host wants that).
ALTER TABLE cr_sequence SET (fillfactor = 40);
