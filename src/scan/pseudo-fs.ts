import { statfs } from 'node:fs/promises';

/**
 * Linux filesystems whose files are generated on read (process memory, kernel state,
 * devices): never read, since a read may not end or may return what was never a client
 * artefact. Magic numbers from linux/magic.h. Other systems have none of these.
 */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
  [0x19800202, 'mqueue'],
  [0xf97cff8c, 'selinuxfs'],
  [0x6e736673, 'nsfs'],
  [0x67596969, 'rpc_pipefs'],
]);

/** The pseudo-filesystem `path` is on, or undefined for an ordinary one (or when it cannot tell). */
export async function pseudoFilesystem(path: string): Promise<string | undefined> {
  try {
    return PSEUDO_FILESYSTEMS.get((await statfs(path)).type);
  } catch {
    return undefined;
  }
}
