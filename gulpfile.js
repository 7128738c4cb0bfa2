// Copies the icons next to the compiled nodes and credentials (tsc does not copy assets).
const { src, dest, parallel } = require('gulp');

const copy = (glob, to) => () => src(glob, { encoding: false, allowEmpty: true }).pipe(dest(to));

exports['build:icons'] = parallel(
	copy('nodes/**/*.{png,svg}', 'dist/nodes'),
	copy('credentials/**/*.{png,svg}', 'dist/credentials'),
);
