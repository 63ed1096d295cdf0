/** The stamp, relative to the package root. */
export declare const STAMP_FILE: string;
/** sha256 of the files' relative paths and contents, in the given order. */
export declare function digestSources(root: URL, files: readonly string[]): string;
/** Whether dist/ holds a build of the sources as they are now. */
export declare function isBuildCurrent(root: URL): boolean;
/** Size and modification time of each file, as one string. */
export declare function statSources(root: URL, files: readonly string[]): string;
