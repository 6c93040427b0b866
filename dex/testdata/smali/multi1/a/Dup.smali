.class public La/Dup;
.super Ljava/lang/Object;

.field public static final TAG:Ljava/lang/String; = "dup-first"
