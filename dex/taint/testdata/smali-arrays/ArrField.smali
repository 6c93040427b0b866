.class public Lcase/arrays/ArrField;
.super Ljava/lang/Object;

.field public static data:[Ljava/lang/String;

# an array in a static field, written at constant indices after it was
# stored (as DroidBench's ArrayAccess1): [1] holds the secret
.method public static fill()V
    .registers 4
    const/4 v0, 0x3
    new-array v0, v0, [Ljava/lang/String;
    sput-object v0, Lcase/arrays/ArrField;->data:[Ljava/lang/String;
    sget-object v0, Lcase/arrays/ArrField;->data:[Ljava/lang/String;
    const/4 v1, 0x0
    const-string v2, "constant"
    aput-object v2, v0, v1
    sget-object v0, Lcase/arrays/ArrField;->data:[Ljava/lang/String;
    const/4 v1, 0x1
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    aput-object v2, v0, v1
    sget-object v0, Lcase/arrays/ArrField;->data:[Ljava/lang/String;
    const/4 v1, 0x0
    aget-object v2, v0, v1
    invoke-static {v2}, Lt/Snk;->sendClean(Ljava/lang/String;)V
    return-void
.end method

# readers in another method: [1] leaks (send), [0] and [2] do not
# (sendClean2), the whole array (sendArr) and an unknown index (sendAny) do
.method public static read(I)V
    .registers 4
    sget-object v0, Lcase/arrays/ArrField;->data:[Ljava/lang/String;
    const/4 v1, 0x1
    aget-object v2, v0, v1
    invoke-static {v2}, Lt/Snk;->send(Ljava/lang/String;)V
    const/4 v1, 0x0
    aget-object v2, v0, v1
    invoke-static {v2}, Lt/Snk;->sendClean2(Ljava/lang/String;)V
    const/4 v1, 0x2
    aget-object v2, v0, v1
    invoke-static {v2}, Lt/Snk;->sendClean2(Ljava/lang/String;)V
    invoke-static {v0}, Lt/Snk;->sendArr([Ljava/lang/String;)V
    aget-object v2, v0, p0
    invoke-static {v2}, Lt/Snk;->sendAny(Ljava/lang/String;)V
    return-void
.end method
