// Property tests run from one recorded seed so CI is repeatable; a failure prints the seed and path
// to replay. FC_SEED=random explores new cases locally, FC_SEED=<n> replays a reported run.
import fc from 'fast-check';

const raw = process.env.FC_SEED ?? '20261123';
fc.configureGlobal(raw === 'random' ? {} : { seed: Number(raw) });
