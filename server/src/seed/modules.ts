import type { Services } from '../app.ts';
import { seedDemoCare } from './demo-care.ts';
import { seedDemoDeliberation } from './demo-deliberation.ts';
import { seedDemoDevices } from './demo-devices.ts';
import { seedDemoMatters } from './demo-matters.ts';
import { seedDemoMediation } from './demo-mediation.ts';
import { seedDemoPoints } from './demo-points.ts';

/**
 * The modules' demo data, on top of the org and accounts of seedDemo: made through each
 * module's service, in an order where each finds what it needs. Returns how many matters were made.
 */
export async function seedDemoModules(services: Services, now: Date): Promise<{ matters: number }> {
  const matters = await seedDemoMatters(services);
  await seedDemoPoints(services, now);
  await seedDemoDeliberation(services, now);
  await seedDemoMediation(services, now);
  await seedDemoDevices(services);
  await seedDemoCare(services, now);
  return { matters };
}
