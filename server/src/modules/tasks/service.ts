// The tasks domain, by part: the catalogue (definitions, their cache, the back office's edits), the Tasks
// screen's read, starting and claiming, and the kinds (kinds/) that say what each type asks and checks.
export { allTasks, forgetTasks, isOpen, openTask, saveTask, adminTasks, taskKinds, type TaskDeps } from './catalogue.ts';
export { listTasks, taskActivityRead, type TaskState, type TaskView } from './screen.ts';
export { startTask } from './start.ts';
export { claim, claimStateRead, completeTask, type ClaimResult, type ClaimState } from './claim.ts';
