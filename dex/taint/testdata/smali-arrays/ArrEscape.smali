.class public Lcase/arrays/ArrEscape;
.super Ljava/lang/Object;

# the array escapes (passed to a call) after the write: from then on it is
# one object, and a read at another index leaks (send)
.method public static run()V
    .registers 5
    const/4 v0, 0x2
    new-array v1, v0, [Ljava/lang/String;
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    const/4 v3, 0x1
    aput-object v2, v1, v3
    invoke-static {v1}, Lcase/arrays/ArrEscape;->keep([Ljava/lang/String;)V
    const/4 v3, 0x0
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method

.method public static keep([Ljava/lang/String;)V
    .registers 2
    sput-object p0, Lcase/arrays/ArrEscape;->kept:[Ljava/lang/String;
    return-void
.end method

.field public static kept:[Ljava/lang/String;
