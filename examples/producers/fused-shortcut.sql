-- The blanket shortcut the contract forbids: one UPDATE sets all three stamps to now(), on every
-- row, checks or no checks. The judge: BREAKS_CONTRACT (FUSED_SHORTCUT on every row it stamped,
-- FALSE_PASS where the reference fails a stage).
UPDATE birth_registry SET inspect_pen = now(), inspect_stamp = now(), inspect_gate = now()
 WHERE inspect_pen IS NULL;
