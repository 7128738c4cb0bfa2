import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import { createHarness, type Harness } from './harness';

export interface SimHarness {
	sim: Simulator;
	h: Harness;
}

/** A simulator on 127.0.0.1 and an engine harness whose credential points at it (OAuth2 client credentials). */
export async function simHarness(options: SimulatorOptions = {}): Promise<SimHarness> {
	const sim = await startSimulator({ asyncSettleMs: 20, ...options });
	const h = await createHarness({
		environment: 'custom',
		baseUrl: sim.baseUrl,
		authType: 'oAuth2ClientCredentials',
		clientId: sim.clientId,
		clientSecret: sim.clientSecret,
	});
	return { sim, h };
}
