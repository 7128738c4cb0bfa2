// n8n loads this package's nodes and credentials from the "n8n" section of package.json.
module.exports = {};
