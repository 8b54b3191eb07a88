-- PIN lockout: consecutive wrong PINs per user and, after five, when the lockout ends. Kept in the
-- database so that restarting the kiosk does not give a guesser five more tries.
ALTER TABLE users ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0);
ALTER TABLE users ADD COLUMN locked_until TEXT;
