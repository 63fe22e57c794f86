import { afterEach, describe, expect, it } from 'vitest';
import { AgentUnreachable, agentAddress, DEFAULT_AGENT_ADDRESS, setAgentAddress, signWithAgent } from './signAgent';

const REQUEST = {
  id: 'abc',
  digest_algorithm: 'sha256',
  digest: 'AAAA',
  signature_algorithm: 'rsassa_pkcs1v15',
  certificate_sha256: 'ab'.repeat(32),
  subject: 'Nguyễn Văn An',
};

afterEach(() => window.localStorage.clear());

describe('the signing software on the leader’s PC', () => {
  it('is looked for at the default loopback address unless this browser set another', () => {
    expect(agentAddress()).toBe(DEFAULT_AGENT_ADDRESS);
    setAgentAddress('http://127.0.0.1:9999/');
    expect(agentAddress()).toBe('http://127.0.0.1:9999');
    setAgentAddress('');
    expect(agentAddress()).toBe(DEFAULT_AGENT_ADDRESS);
  });

  it('says in Vietnamese that it is not running when nothing answers at its address', async () => {
    setAgentAddress('http://127.0.0.1:65535'); // no agent listens there
    const failure = signWithAgent(REQUEST);
    await expect(failure).rejects.toBeInstanceOf(AgentUnreachable);
    await expect(failure).rejects.toThrow(/^Chưa kết nối được phần mềm ký số trên máy của đồng chí \(http:\/\/127\.0\.0\.1:65535\)/);
  });
});
