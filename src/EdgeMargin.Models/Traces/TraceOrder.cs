namespace EdgeMargin.Models.Traces;

/// <summary>How a replayed trace hands out its lines to the users of an epoch.</summary>
public enum TraceOrder
{
    /// <summary>Each user's query is a uniform draw, with replacement, from the trace's lines.</summary>
    Uniform,

    /// <summary>
    /// The users of one epoch take consecutive lines, cycling through the file from a seeded random start. When N is a
    /// multiple of the trace length, every line is used exactly N / length times per epoch, so local-all accuracy equals
    /// the trace's mean slm_correct exactly (and edge-all its mean llm_correct).
    /// </summary>
    Sequential,
}
