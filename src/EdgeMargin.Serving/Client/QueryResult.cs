using EdgeMargin.Serving.Decisions;

namespace EdgeMargin.Serving.Client;

/// <summary>The answer to one query and how it was obtained. Every query gets one: failures fall back to local.</summary>
/// <param name="Answer">The answer text.</param>
/// <param name="Route">Who produced it.</param>
/// <param name="FellBack">True when the gateway or edge route failed and the device answered locally instead.</param>
/// <param name="Reason">Why it fell back (null when it did not).</param>
/// <param name="Uncertainty">The signal the device computed (null if it could not be computed).</param>
/// <param name="Decision">The gateway's decision, when one arrived.</param>
/// <param name="Elapsed">Wall time of the whole query on the device.</param>
public sealed record QueryResult(string Answer, AnswerRoute Route, bool FellBack, string? Reason, double? Uncertainty, DecideResponse? Decision, TimeSpan Elapsed);
