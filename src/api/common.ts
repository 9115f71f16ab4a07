// Everything gyrus exports on every platform, by name: the Node entry (index.ts) and the browser entry (browser.ts)
// re-export this list and add their platform's createEngine, train, evaluate, analyze, readModel and writeModel.

// ---- engine and network
export type { Engine } from "../engine/api.js";
export { withApi } from "../engine/api.js";
export type { EngineOptions } from "../engine/engine.js";
export { BUILDS, type Build } from "../engine/kernels.js";
export { Network, type NetworkSpec, type StepOptions, type StepResult, type AdamOptions } from "../engine/network.js";
export type { Batch, Dims, LossOptions, LossResult, ParamName, Params, Activation } from "../model/types.js";
export { ACTIVATIONS, PARAM_NAMES } from "../model/types.js";

// ---- neuron positions
export {
  DISTANCE_METRICS,
  distanceMatrix,
  figureCoords,
  formatGeometry,
  GeometryError,
  gridPositions,
  hiddenCount,
  latticePositions,
  linePositions,
  pointPositions,
  positionsOf,
  type Dimension,
  type DistanceMetric,
  type Geometry,
  type Positions,
} from "../model/geometry.js";
export {
  parsePositions,
  positionFormatOf,
  POSITION_FORMATS,
  type PointsGeometry,
  type PositionFormat,
} from "../model/positions-file.js";
export { paperBatch, paperParams } from "../model/synthetic.js";

// ---- connection costs
export {
  bimtCost,
  ConnectionCostError,
  l1Cost,
  type ConnectionCost,
  type CostKernel,
} from "../model/connection-cost.js";
export { MissingCostError } from "../train/cost.js";
export {
  communicability,
  SERNN_EPSILON,
  sernnCost,
  sernnGradient,
  sernnValue,
  type Communicability,
  type SernnCostOptions,
} from "../model/sernn-cost.js";
export { expmFrechet, EXPM_DEGREE } from "../model/expm.js";
export { cellSigns, daleTypes, projectDale } from "../model/dale.js";

// ---- tasks
export {
  CONFIG_SUITE_NAMES,
  listSuites,
  loadSuite,
  SUITE_NAMES,
  suiteTaskNames,
  taskIndex,
  UnknownNameError,
  type LoadOptions,
  type SuiteInfo,
  type SuiteName,
} from "../tasks/registry.js";
export { CUSTOM_SUITE, CustomSuiteError, defineSuite, type DefineSuiteOptions } from "../tasks/custom.js";
export { TaskSpecError, validateSuite, validateTaskSpec, type TaskSpecContext } from "../tasks/validate.js";
export { sampleTrials, type SampledTrial, type SampleTrialsOptions, type TrialBatch } from "../tasks/sample.js";
export { customSuiteFields } from "../train/suite.js";
export { sampleTrial, TrainingStream, type SampleOptions, type Trial, type PeriodSpan } from "../tasks/generate.js";
export {
  choiceMs,
  constMs,
  DT,
  RING,
  trialLengthRange,
  uniformMs,
  type Force,
  type NoiseSpec,
  type Suite,
  type TaskSpec,
  type PeriodSpec,
  type Duration,
  type TrialPlan,
  type Stimulus,
  type ChannelStimulus,
  type SuiteLayout,
} from "../tasks/spec.js";
export { MAZES, SERNN_MAZE, sernnMazeSuite } from "../tasks/sernn-maze.js";
export { Rng } from "../tasks/rng.js";
export { PERFORMANCE_RULES, type PerformanceRule } from "../tasks/evaluate.js";

// ---- configuration and training
export { DEFAULTS, MAX_HIDDEN, PRESETS, REGULARIZERS, type TrainConfig } from "../train/config.js";
export { ConfigError, nearestName, resolveConfig, validateConfig, type ConfigLayers } from "../train/config-schema.js";
export {
  DivergedError,
  Trainer,
  type TrainerOptions,
  type Evaluation,
  type StepInfo,
  type TaskAccuracy,
  type TrainerSnapshot,
} from "../train/trainer.js";
export type { MetricsLine, RunStatus } from "../train/loop.js";
export type { LoadedModel as Model } from "../train/checkpoint.js";
export type { Progress, TrainConfigInput, TrainOptions, TrainResult } from "./train.js";
export { modelFromBytes, modelToBytes } from "./model-bytes.js";
export type { EvaluateOptions } from "./evaluate.js";

// ---- analysis, report and figures
export { ANALYSIS_EVAL_TRIALS, analyzeModel, type Analysis, type AnalysisOptions } from "../analysis/analyze.js";
export { NO_TEST, testable, type Baseline } from "../analysis/anatomy.js";
export { differenceInterval, wilsonInterval, type Interval } from "../analysis/proportion-interval.js";
export { clusterNames, clusterTaskRanking, type ClusterNaming } from "../analysis/cluster-names.js";
export {
  adjustedRandIndex,
  binaryGraph,
  clusteringCoefficient,
  degreePreservingRandom,
  graphSummary,
  louvain,
  modularity,
  pathLength,
  smallWorldness,
  weightedGraph,
  type Graph,
  type GraphOptions,
  type GraphSummary,
  type SmallWorld,
} from "../analysis/graph.js";
export type { AnalyzeOptions } from "./analyze.js";
export { renderReport } from "./analyze.js";
export { reportFigures, reportFigureFiles, type Figure, type ReportFigures, type ReportRun } from "../viz/report.js";
export { accuracyBarsSvg, tvSortedSvg, weightDistanceSvg } from "../viz/measure-figures.js";
export { clusterGridSvg, tvHeatmapSvg } from "../viz/module-figures.js";
export { networkSvg, weightMatrixSvg, type NetworkSvgOptions } from "../viz/network-figures.js";
export { modularityZSvg, type ModularityPoint } from "../viz/modularity-figures.js";
export { paretoSvg, type ParetoPoint } from "../viz/pareto-figures.js";
export { shuffleHistogramSvg } from "../viz/shuffle-figures.js";
export { swapRoundsSvg, trainingCurvesSvg } from "../viz/training-figures.js";
export { trialSvg, type TrialSvgOptions } from "../viz/trial-svg.js";

// ---- sweeps and files
export {
  planSweep,
  parseShard,
  shardFromEnv,
  takeShard,
  type PlannedRun,
  type Reg,
  type Shard,
  type SweepSpec,
} from "../sweep/plan.js";
export {
  formatRunLock,
  HEARTBEAT_MS,
  lockIsLive,
  parseRunLock,
  RUN_LOCK_FILE,
  runState,
  STALE_LOCK_MS,
  type RunFacts,
  type RunLock,
  type RunState,
} from "../sweep/status.js";
export { SafetensorsError } from "../io/safetensors.js";
export { ArgumentError } from "./errors.js";
