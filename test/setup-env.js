// Keeps n8n-core's InstanceSettings (encryption key, config) out of the user's home folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-jest-n8n-'));
}
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'dsco-test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
