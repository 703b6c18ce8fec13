using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Serving.Decisions;

/// <summary>One decided epoch: the scenario GOA saw, the assignment it returned and what each device was told.</summary>
/// <param name="Id">Epoch id, increasing from 1.</param>
/// <param name="Scenario">The epoch's scenario, users in the order the requests were taken from the queue.</param>
/// <param name="Assignment">GOA's assignment on <paramref name="Scenario"/>.</param>
/// <param name="PredictedDelayS">Per-user delay under the whole assignment, seconds.</param>
/// <param name="Tau">The threshold used.</param>
/// <param name="EngineName">The greedy engine used.</param>
/// <param name="DecideSeconds">Wall time of building the scenario and running GOA.</param>
/// <param name="DecidedAtUtc">When the epoch was decided.</param>
public sealed record EpochRecord(long Id, Scenario Scenario, Assignment Assignment, double[] PredictedDelayS, double Tau,
    string EngineName, double DecideSeconds, DateTimeOffset DecidedAtUtc);
