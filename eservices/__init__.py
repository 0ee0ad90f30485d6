"""What a resident does online with the office: the service catalogue, forms, cases, payments."""
