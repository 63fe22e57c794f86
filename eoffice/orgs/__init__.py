"""Organisation: agencies (cơ quan), departments (phòng ban), users, roles per agency and delegations."""
