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
export async function seedDemoModules(
  services: Services,
  now: Date,
  /** Told as each module's data begins, for the first start's progress lines. */
  onStep: (module: string) => void = () => {},
): Promise<{ matters: number }> {
  onStep('事项 matters');
  const matters = await seedDemoMatters(services);
  onStep('积分与志愿 points and volunteering');
  await seedDemoPoints(services, now);
  onStep('协商议事 deliberation');
  await seedDemoDeliberation(services, now);
  onStep('矛盾调解 mediation');
  await seedDemoMediation(services, now);
  onStep('设备与告警 devices');
  await seedDemoDevices(services);
  onStep('关爱 care');
  await seedDemoCare(services, now);
  return { matters };
}
