/**
 * Whether an option's value is a file or directory, by its placeholder in the command table: such
 * values in schemata.config.yaml resolve against the file's directory, and completion offers files.
 */
export function isPathOption(option: { value?: string | undefined }): boolean {
  return option.value === 'PATH' || option.value === 'FILE' || option.value === 'DIR';
}
