namespace EdgeMargin.Models.Babi;

/// <summary>A bAbI file or directory cannot be used: names the file and line and what is wrong.</summary>
public sealed class BabiFormatException(string message, Exception? inner = null) : Exception(message, inner);
