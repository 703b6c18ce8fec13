namespace EdgeMargin.Serving.Decisions;

/// <summary>One invalid request field: its JSON path and what is wrong with it.</summary>
public sealed record FieldProblem(string Field, string Message);
