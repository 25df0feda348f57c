/** Unit tests: pure TypeScript, run in Node. ORT-web needs --experimental-vm-modules (set by npm run test:unit). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/unit'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', jsx: 'react-jsx', esModuleInterop: true, isolatedModules: true },
      },
    ],
  },
  testTimeout: 60000,
};
