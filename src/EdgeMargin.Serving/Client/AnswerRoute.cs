namespace EdgeMargin.Serving.Client;

/// <summary>Who produced the answer.</summary>
public enum AnswerRoute
{
    /// <summary>The device's own small model.</summary>
    Local,

    /// <summary>An edge server's large model, through the gateway.</summary>
    Edge,
}
