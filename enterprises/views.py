from django.shortcuts import render


def job_board(request):
    return render(request, "enterprises/job_board.html")


def directory(request):
    return render(request, "enterprises/directory.html")
